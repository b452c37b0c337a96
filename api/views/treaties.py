from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from api.caching import ComputedConditionalMixin
from api.filters.treaties import ArmedConflictPeriodFilterSet, TreatyActionFilterSet, TreatyFilterSet
from api.params import StrictQueryParametersMixin
from api.permissions import ReadOnly
from api.serializers.treaties import (
    ArmedConflictPeriodSerializer,
    TreatyActionSerializer,
    TreatyHistoryQuerySerializer,
    TreatyHistorySerializer,
    TreatySerializer,
    TreatyStatusQuerySerializer,
    TreatyStatusSerializer,
)
from api.views.base import CITATIONS, ReadOnlyViewSet, ReviewableReadOnlyViewSet
from api.views.mixins.visibility import visible_at
from kb.choices import AreaKindChoices
from kb.models import Area, ArmedConflictPeriod, Treaty, TreatyAction
from kb.selectors.treaties import treaty_history_get, treaty_seen, treaty_status_list
from kb.services.history import snapshot_prepare


class TreatyViewSet(ReadOnlyViewSet):
    """Treaties and the rules used to derive states' status."""

    queryset = Treaty.objects.all()
    serializer_class = TreatySerializer
    filterset_class = TreatyFilterSet
    ordering_fields = ["code"]
    lookup_field = "code"


class TreatyActionViewSet(ReviewableReadOnlyViewSet):
    """States' signatures, ratifications, accessions, withdrawal notices and suspensions, each cited."""

    queryset = TreatyAction.objects.select_related("treaty", "area", "source").prefetch_related(CITATIONS)
    serializer_class = TreatyActionSerializer
    filterset_class = TreatyActionFilterSet
    ordering_fields = ["id", "date", "area__name", "kind"]


class ArmedConflictPeriodViewSet(ReviewableReadOnlyViewSet):
    """Periods in which a state was engaged in an armed conflict (they defer treaty withdrawals)."""

    queryset = ArmedConflictPeriod.objects.select_related("area", "source").prefetch_related(CITATIONS)
    serializer_class = ArmedConflictPeriodSerializer
    filterset_class = ArmedConflictPeriodFilterSet
    ordering_fields = ["id", "started_on", "area__name"]


class TreatyStatusViewSet(StrictQueryParametersMixin, ComputedConditionalMixin, viewsets.ViewSet):
    """Derived status of states under a treaty on a date (six-month withdrawal rule, armed-conflict exception)."""

    permission_classes = [ReadOnly]
    query_parameters = {"list": TreatyStatusQuerySerializer, "retrieve": TreatyHistoryQuerySerializer}
    lookup_url_kwarg = "iso3"
    lookup_value_regex = "[A-Za-z0-9-]+"

    def _visible(self, as_of):
        """Actions and conflict periods the caller may see now, or those published at `as_of` (history snapshots,
        which have no further citations to prefetch)."""
        visible = visible_at(self.request, as_of)
        actions, conflicts = visible(TreatyAction), visible(ArmedConflictPeriod)
        if as_of is not None:
            return actions, conflicts
        return actions.prefetch_related(CITATIONS), conflicts.prefetch_related(CITATIONS)

    @extend_schema(parameters=[TreatyStatusQuerySerializer], responses=TreatyStatusSerializer(many=True))
    def list(self, request):
        """Every state with recorded actions under the treaty, with its status on the date."""
        query = TreatyStatusQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        actions, conflicts = self._visible(params.get("as_of"))
        items = treaty_status_list(
            treaty=treaty_seen(params["treaty"], visible_at(request, params.get("as_of"))),
            on=params["on"],
            actions=actions,
            conflicts=conflicts,
            area=params.get("area"),
        )
        if params.get("status"):
            items = [item for item in items if item.status.status == params["status"]]
        return Response(TreatyStatusSerializer(items, many=True).data)

    @extend_schema(
        parameters=[TreatyHistoryQuerySerializer, OpenApiParameter("iso3", str, OpenApiParameter.PATH)],
        responses=TreatyHistorySerializer,
    )
    def retrieve(self, request, iso3=None):
        """One state's actions, status on the date, and the timeline of its status changes."""
        query = TreatyHistoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        # Treaties bind states: the world or a group of states has no status ("not recorded" would read as a fact).
        area = get_object_or_404(Area.objects.exclude(kind=AreaKindChoices.AGGREGATE), code=iso3.upper())
        as_of = query.validated_data.get("as_of")
        actions, conflicts = self._visible(as_of)
        history = treaty_history_get(
            treaty=treaty_seen(query.validated_data["treaty"], visible_at(request, as_of)),
            area=area,
            on=query.validated_data["on"],
            actions=actions.select_related("treaty", "area"),
            conflicts=conflicts.select_related("area"),
        )
        if as_of is not None:
            for snapshot in [*history.actions, *history.conflicts]:
                snapshot_prepare(snapshot)
        return Response(TreatyHistorySerializer(history).data)

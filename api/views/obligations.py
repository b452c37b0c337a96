from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from api.caching import ComputedConditionalMixin
from api.filters.obligations import TreatyObligationFilterSet
from api.params import StrictQueryParametersMixin
from api.permissions import ReadOnly
from api.serializers.obligations import (
    ObligationStandingQuerySerializer,
    ObligationStandingSerializer,
    TreatyObligationSerializer,
)
from api.views.base import CITATIONS, ReviewableReadOnlyViewSet
from api.views.mixins.visibility import visible_at
from kb.models import TreatyObligation
from kb.selectors.obligations import obligation_standing_list


class TreatyObligationViewSet(ReviewableReadOnlyViewSet):
    """States' treaty deadlines, extension requests, declared completion and transparency reports, each cited."""

    queryset = TreatyObligation.objects.select_related("treaty", "area", "source").prefetch_related(CITATIONS)
    serializer_class = TreatyObligationSerializer
    filterset_class = TreatyObligationFilterSet
    ordering_fields = ["id", "deadline", "area__name", "article", "kind", "year_covered"]


class ObligationStandingViewSet(StrictQueryParametersMixin, ComputedConditionalMixin, viewsets.ViewSet):
    """Where states stand on their treaty deadlines on a date, derived from the published rows (never stored)."""

    permission_classes = [ReadOnly]
    query_parameters = {"list": ObligationStandingQuerySerializer}

    @extend_schema(parameters=[ObligationStandingQuerySerializer], responses=ObligationStandingSerializer(many=True))
    def list(self, request):
        """Each state's standing on each article with a deadline (APMBC 4 and 5, CCM 3 and 4): on time, past
        deadline, deadline passed with nothing recorded since, or completed; the current deadline and the rows it is
        derived from. `past_deadline` needs a source published after the deadline; when every source behind the rows
        predates it (or gives no day) the state is `no_record_since_deadline`, since a later extension or completion
        may not be recorded yet. A state its recorded treaty actions show not bound on the date (withdrawn, consent
        not yet in force) is `not_bound`, unless it completed. `state=past_deadline` lists the states shown late."""
        query = ObligationStandingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        as_of = params.get("as_of")
        treaty = params.get("treaty")
        standings = obligation_standing_list(
            visible=visible_at(request, as_of),
            on=params["on"],
            treaty=treaty.code if treaty else None,
            area=params.get("area"),
        )
        wanted = {key: params[key] for key in ("article", "state") if params.get(key)}
        standings = [s for s in standings if all(getattr(s, key) == value for key, value in wanted.items())]
        return Response(ObligationStandingSerializer(standings, many=True).data)

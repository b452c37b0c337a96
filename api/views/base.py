"""The viewsets every resource builds on, composed from the behaviours in api/views/mixins/: published-only
visibility, formats, field selection, caching, streamed downloads, as-of lists and partner writes."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from api.caching import ComputedConditionalMixin, ConditionalMixin
from api.params import PAGINATION, SELECTED_FIELDS, StrictQueryParametersMixin
from api.views.mixins.as_of import AS_OF_PARAMETER, AsOfListMixin
from api.views.mixins.conditional import CONDITIONAL, ConditionalListMixin
from api.views.mixins.exports import StreamingExportMixin
from api.views.mixins.fields import FIELD_SELECTION, FieldSelectionMixin
from api.views.mixins.geojson import GeoJSONMixin
from api.views.mixins.json_lines import JSONLinesMixin
from api.views.mixins.lookup import AnyCaseLookupMixin
from api.views.mixins.visibility import VisibilityMixin
from api.views.mixins.writes import IF_MATCH, SubmitMixin
from kb.models import Citation

# Into a list per row, which api.serializers.base.CitationListSerializer reads: the cheap form of a prefetch.
CITATIONS = Prefetch("citations", queryset=Citation.objects.select_related("source"), to_attr="prefetched_citations")


@extend_schema_view(
    list=extend_schema(parameters=[*FIELD_SELECTION, *CONDITIONAL]),
    retrieve=extend_schema(parameters=[*FIELD_SELECTION, *CONDITIONAL]),
)
class ReadOnlyViewSet(
    AnyCaseLookupMixin,
    ConditionalListMixin,
    JSONLinesMixin,
    StreamingExportMixin,
    FieldSelectionMixin,
    GeoJSONMixin,
    StrictQueryParametersMixin,
    ComputedConditionalMixin,
    ConditionalMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """List and detail, in JSON, CSV, HXL CSV (and GeoJSON where records have a place), with ETags."""

    # Actions besides list that take the list's filters.
    filtered_actions: tuple[str, ...] = ()

    def allowed_query_parameters(self) -> set[str]:
        allowed = super().allowed_query_parameters()
        if self.action in ("list", "retrieve"):
            allowed |= set(SELECTED_FIELDS)
        if self.action == "list" or self.action in self.filtered_actions:
            filterset = getattr(self, "filterset_class", None)
            allowed |= set(filterset.base_filters if filterset else ())
        if self.action == "list":  # the filtered actions (summaries) order their groups themselves
            allowed.add("ordering")
        if self.action == "list" and self.paginator is not None:
            allowed |= set(PAGINATION)
        return allowed

    def filter_queryset(self, queryset):
        # List filters (and the preferred-figures default) select lists; a detail URL names its record.
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)

    def _list_response(self, queryset, fmt):
        built = self.sql_page(queryset, fmt)
        if built is not None:
            return built
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        data = self.get_serializer(rows, many=True).data
        if fmt == "geojson":
            return Response(self.feature_collection(rows, data, page))
        return self.get_paginated_response(data) if page is not None else Response(data)


@extend_schema_view(list=extend_schema(parameters=[AS_OF_PARAMETER]))
class ReviewableReadOnlyViewSet(VisibilityMixin, AsOfListMixin, ReadOnlyViewSet):
    """For reviewable records: staff see every status, a partner also its own submissions, everyone else published
    records only (404 otherwise). `as_of` answers the list as it was published at that moment, from the history."""


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF_PARAMETER]),
    update=extend_schema(parameters=[IF_MATCH]),
    partial_update=extend_schema(parameters=[IF_MATCH]),
)
class StatisticViewSet(SubmitMixin, ReviewableReadOnlyViewSet):
    """One statistics resource: list and detail (`figures=all` adds competing figures; `as_of` looks back), and
    partner submissions."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    json_lines = True
    ordering_fields = ["id", "period_start", "period_end", "year", "area__name"]
    ordering = ["area__name", "-period_start", "id"]
    geo = True

    def get_queryset(self):
        return super().get_queryset().select_related("area", "admin_area", "source").prefetch_related(CITATIONS)

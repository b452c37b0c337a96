from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.caching import cached_data
from api.filters.casualties import CasualtyRecordFilterSet
from api.params import as_of_parse
from api.serializers.casualties import CasualtyRecordSerializer, CasualtySummarySerializer
from api.views.base import StatisticViewSet
from api.views.mixins.as_of import AS_OF_PARAMETER
from kb.choices import AreaKindChoices
from kb.models import Area, CasualtyRecord
from kb.selectors.summaries import casualty_summary_list, summary_group_by_parse

MSG_SUMMARY_FIGURES = (
    "The summary adds the preferred figure of each area, period and breakdown; every source's figures "
    "(figures=all) would count the same casualties more than once. List them with casualties/?figures=all."
)
MSG_SUMMARY_AGGREGATES = (
    "{codes}: an aggregate is summed only when `area` names it alone; in a list beside countries it would count "
    "their casualties twice."
)


class CasualtyRecordViewSet(StatisticViewSet):
    """People killed, injured or of unknown fate, by area and period, with optional breakdowns."""

    queryset = CasualtyRecord.objects.all()
    serializer_class = CasualtyRecordSerializer
    filterset_class = CasualtyRecordFilterSet
    ordering_fields = [*StatisticViewSet.ordering_fields, "total", "killed", "injured"]
    query_parameters = {**StatisticViewSet.query_parameters, "summary": ("group_by", "as_of")}
    filtered_actions = ("summary",)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "group_by",
                str,
                description="Comma-separated dimensions: area, pcode, year, civilian_status, sex, age_group, "
                "device_type (default area,year).",
            ),
            AS_OF_PARAMETER,
        ],
        responses=CasualtySummarySerializer(many=True),
    )
    @action(detail=False, pagination_class=None)
    def summary(self, request):
        """Sums per group over calendar-year figures, with how many records and which sources fed each group.

        Accepts every filter of the list but `figures=all` (a 400: competing figures would be added up). Aggregate
        areas (WLD, APMBC-SP) count only when `area` names one; named in `area__in` they are a 400."""
        if request.query_params.get("figures") == "all":  # competing figures of one cell would be added up
            raise ValidationError({"figures": [MSG_SUMMARY_FIGURES]})
        listed = [code.strip().upper() for code in request.query_params.get("area__in", "").split(",") if code.strip()]
        aggregates = Area.objects.filter(code__in=listed, kind=AreaKindChoices.AGGREGATE).order_by("code")
        codes = list(aggregates.values_list("code", flat=True)) if listed else []
        if codes:  # beside its countries, an aggregate would count them twice; alone it is `area`
            raise ValidationError({"area__in": [MSG_SUMMARY_AGGREGATES.format(codes=", ".join(codes))]})
        group_by = summary_group_by_parse(request.query_params.get("group_by", "area,year"))
        as_of = as_of_parse(request.query_params.get("as_of"))
        records = self.filter_queryset(self.get_queryset()) if as_of is None else self.as_of_rows(request, as_of)

        def compute():
            rows = casualty_summary_list(
                records=records, group_by=group_by, include_aggregates=bool(request.query_params.get("area"))
            )
            return CasualtySummarySerializer(rows, many=True).data

        return Response(cached_data(request, ("summary",), compute))

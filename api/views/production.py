from api.filters.production import ProductionRecordFilterSet, UseReportFilterSet
from api.serializers.production import ProductionRecordSerializer, UseReportSerializer
from api.views.base import StatisticViewSet
from kb.models import ProductionRecord, UseReport


class ProductionRecordViewSet(StatisticViewSet):
    """Mines produced, production capacity and plans, by producer, country and period."""

    queryset = ProductionRecord.objects.select_related("producer")
    serializer_class = ProductionRecordSerializer
    filterset_class = ProductionRecordFilterSet
    ordering_fields = [*StatisticViewSet.ordering_fields, "quantity"]


class UseReportViewSet(StatisticViewSet):
    """Reports of mine use by state forces or non-state armed groups."""

    queryset = UseReport.objects.select_related("actor_area")
    serializer_class = UseReportSerializer
    filterset_class = UseReportFilterSet

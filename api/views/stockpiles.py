from api.filters.stockpiles import StockpileRecordFilterSet
from api.serializers.stockpiles import StockpileRecordSerializer
from api.views.base import StatisticViewSet
from kb.models import StockpileRecord


class StockpileRecordViewSet(StatisticViewSet):
    """Anti-personnel mines stockpiled, destroyed and retained, by area and date."""

    queryset = StockpileRecord.objects.all()
    serializer_class = StockpileRecordSerializer
    filterset_class = StockpileRecordFilterSet

from api.serializers.base import StatisticSerializer, statistic_fields
from kb.statistics.stockpiles import STOCKPILES


class StockpileRecordSerializer(StatisticSerializer):
    class Meta:
        model = STOCKPILES.model
        fields = statistic_fields(STOCKPILES)

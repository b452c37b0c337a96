from api.serializers.base import StatisticSerializer
from kb.models import StockpileRecord


class StockpileRecordSerializer(StatisticSerializer):
    class Meta:
        model = StockpileRecord
        fields = [
            *StatisticSerializer.LEADING,
            "stockpiled",
            "destroyed",
            "destroyed_cumulative",
            "retained_for_training",
            *StatisticSerializer.TRAILING,
        ]

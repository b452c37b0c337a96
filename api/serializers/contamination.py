from api.serializers.base import StatisticSerializer, statistic_fields
from kb.statistics.contamination import CONTAMINATION


class ContaminationRecordSerializer(StatisticSerializer):
    class Meta:
        model = CONTAMINATION.model
        fields = statistic_fields(CONTAMINATION)

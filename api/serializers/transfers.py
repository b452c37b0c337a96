from api.serializers.base import AreaBriefSerializer, StatisticSerializer, statistic_fields
from kb.statistics.transfers import TRANSFERS


class TransferSerializer(StatisticSerializer):
    from_area = AreaBriefSerializer(read_only=True)

    class Meta:
        model = TRANSFERS.model
        fields = statistic_fields(TRANSFERS)

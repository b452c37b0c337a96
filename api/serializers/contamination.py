from api.serializers.base import StatisticSerializer
from kb.models import ContaminationRecord


class ContaminationRecordSerializer(StatisticSerializer):
    class Meta:
        model = ContaminationRecord
        fields = [
            *StatisticSerializer.LEADING,
            "device_type",
            "confirmed_areas",
            "confirmed_m2",
            "suspected_areas",
            "suspected_m2",
            "total_m2",
            "extent_class",
            *StatisticSerializer.TRAILING,
        ]

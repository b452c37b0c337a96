from api.serializers.base import AreaBriefSerializer, OrganisationBriefSerializer, StatisticSerializer
from kb.models import ProductionRecord, UseReport


class ProductionRecordSerializer(StatisticSerializer):
    producer = OrganisationBriefSerializer(read_only=True)

    class Meta:
        model = ProductionRecord
        fields = [
            *StatisticSerializer.LEADING,
            "producer",
            "device_type",
            "basis",
            "rate",
            "quantity",
            "quantity_max",
            *StatisticSerializer.TRAILING,
        ]


class UseReportSerializer(StatisticSerializer):
    actor_area = AreaBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = UseReport
        fields = [
            *StatisticSerializer.LEADING,
            "actor_kind",
            "actor_area",
            "actor_name",
            "device_type",
            "confidence",
            "description",
            *StatisticSerializer.TRAILING,
        ]

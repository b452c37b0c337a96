from api.serializers.base import AreaBriefSerializer, OrganisationBriefSerializer, StatisticSerializer, statistic_fields
from kb.statistics.production import PRODUCTION, USE_REPORTS


class ProductionRecordSerializer(StatisticSerializer):
    producer = OrganisationBriefSerializer(read_only=True)

    class Meta:
        model = PRODUCTION.model
        fields = statistic_fields(PRODUCTION)


class UseReportSerializer(StatisticSerializer):
    actor_area = AreaBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = USE_REPORTS.model
        fields = statistic_fields(USE_REPORTS)

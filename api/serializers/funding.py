from api.serializers.base import OrganisationBriefSerializer, StatisticSerializer, statistic_fields
from kb.statistics.funding import FUNDING


class FundingRecordSerializer(StatisticSerializer):
    donor = OrganisationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FUNDING.model
        fields = statistic_fields(FUNDING)

from api.serializers.base import OrganisationBriefSerializer, StatisticSerializer
from kb.models import FundingRecord


class FundingRecordSerializer(StatisticSerializer):
    donor = OrganisationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FundingRecord
        fields = [
            *StatisticSerializer.LEADING,
            "donor",
            "flow",
            "sector",
            "amount",
            "currency",
            "amount_usd",
            *StatisticSerializer.TRAILING,
        ]

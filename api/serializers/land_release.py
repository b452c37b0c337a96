from api.serializers.base import OrganisationBriefSerializer, StatisticSerializer
from kb.models import LandReleaseRecord
from kb.models.land_release import LAND_RELEASE_FIGURES


class LandReleaseRecordSerializer(StatisticSerializer):
    operator = OrganisationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = LandReleaseRecord
        fields = [
            *StatisticSerializer.LEADING,
            "operator",
            "device_type",
            *LAND_RELEASE_FIGURES,
            *StatisticSerializer.TRAILING,
        ]

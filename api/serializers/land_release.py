from api.serializers.base import OrganisationBriefSerializer, StatisticSerializer, statistic_fields
from kb.statistics.land_release import LAND_RELEASE


class LandReleaseRecordSerializer(StatisticSerializer):
    operator = OrganisationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = LAND_RELEASE.model
        fields = statistic_fields(LAND_RELEASE)

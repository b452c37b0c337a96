from api.serializers.base import OrganisationBriefSerializer, StatisticSerializer
from kb.models import LandReleaseRecord


class LandReleaseRecordSerializer(StatisticSerializer):
    operator = OrganisationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = LandReleaseRecord
        fields = [
            *StatisticSerializer.LEADING,
            "operator",
            "device_type",
            "released_m2",
            "cleared_m2",
            "reduced_m2",
            "cancelled_m2",
            "ap_mines_destroyed",
            "av_mines_destroyed",
            "other_items_destroyed",
            *StatisticSerializer.TRAILING,
        ]

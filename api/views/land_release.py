from api.filters.land_release import LandReleaseRecordFilterSet
from api.serializers.land_release import LandReleaseRecordSerializer
from api.views.base import StatisticViewSet
from kb.models import LandReleaseRecord


class LandReleaseRecordViewSet(StatisticViewSet):
    """Land cleared, reduced and cancelled, and items destroyed, by area, period and operator."""

    queryset = LandReleaseRecord.objects.select_related("operator")
    serializer_class = LandReleaseRecordSerializer
    filterset_class = LandReleaseRecordFilterSet

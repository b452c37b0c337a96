from api.filters.contamination import ContaminationRecordFilterSet
from api.serializers.contamination import ContaminationRecordSerializer
from api.views.base import StatisticViewSet
from kb.models import ContaminationRecord


class ContaminationRecordViewSet(StatisticViewSet):
    """Confirmed and suspected hazardous areas by area and date."""

    queryset = ContaminationRecord.objects.all()
    serializer_class = ContaminationRecordSerializer
    filterset_class = ContaminationRecordFilterSet

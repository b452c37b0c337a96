from api.filters.funding import FundingRecordFilterSet
from api.serializers.funding import FundingRecordSerializer
from api.views.base import StatisticViewSet
from kb.models import FundingRecord


class FundingRecordViewSet(StatisticViewSet):
    """Support for mine action by recipient, donor, year, flow and sector."""

    queryset = FundingRecord.objects.select_related("donor")
    serializer_class = FundingRecordSerializer
    filterset_class = FundingRecordFilterSet

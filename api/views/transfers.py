from api.filters.transfers import TransferFilterSet
from api.serializers.transfers import TransferSerializer
from api.views.base import StatisticViewSet
from kb.models import Transfer


class TransferViewSet(StatisticViewSet):
    """Transfers of mines from one state to another: possible, reported, alleged, confirmed or denied."""

    queryset = Transfer.objects.select_related("from_area")
    serializer_class = TransferSerializer
    filterset_class = TransferFilterSet
    ordering_fields = [*StatisticViewSet.ordering_fields, "quantity"]

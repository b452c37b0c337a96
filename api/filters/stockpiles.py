"""Filters for stockpiles (mirrors kb/models/stockpiles.py)."""

from api.filters.base import COMMON, TRAILING, StatisticFilterSet
from kb.models import StockpileRecord


class StockpileRecordFilterSet(StatisticFilterSet):
    class Meta:
        model = StockpileRecord
        fields = [*COMMON, *TRAILING]

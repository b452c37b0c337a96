"""Filters for stockpiles (declared in kb/statistics/stockpiles.py)."""

from api.filters.base import statistic_filterset
from kb.statistics.stockpiles import STOCKPILES

StockpileRecordFilterSet = statistic_filterset(STOCKPILES)

"""Filters for transfers of mines (declared in kb/statistics/transfers.py)."""

from api.filters.base import statistic_filterset
from kb.statistics.transfers import TRANSFERS

TransferFilterSet = statistic_filterset(TRANSFERS)

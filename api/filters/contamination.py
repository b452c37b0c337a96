"""Filters for contamination (declared in kb/statistics/contamination.py)."""

from api.filters.base import statistic_filterset
from kb.statistics.contamination import CONTAMINATION

ContaminationRecordFilterSet = statistic_filterset(CONTAMINATION)

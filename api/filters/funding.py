"""Filters for funding (declared in kb/statistics/funding.py)."""

from api.filters.base import statistic_filterset
from kb.statistics.funding import FUNDING

FundingRecordFilterSet = statistic_filterset(FUNDING)

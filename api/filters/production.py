"""Filters for production and use reports (declared in kb/statistics/production.py)."""

from api.filters.base import statistic_filterset
from kb.statistics.production import PRODUCTION, USE_REPORTS

ProductionRecordFilterSet = statistic_filterset(PRODUCTION)
UseReportFilterSet = statistic_filterset(USE_REPORTS)

"""Filters for land release (declared in kb/statistics/land_release.py)."""

from api.filters.base import statistic_filterset
from kb.statistics.land_release import LAND_RELEASE

LandReleaseRecordFilterSet = statistic_filterset(LAND_RELEASE)

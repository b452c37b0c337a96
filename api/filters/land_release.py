"""Filters for land release (mirrors kb/models/land_release.py)."""

from api.filters.base import COMMON, TRAILING, DimensionFilter, StatisticFilterSet, organisation_filter
from kb.choices import DeviceTypeChoices
from kb.models import LandReleaseRecord


class LandReleaseRecordFilterSet(StatisticFilterSet):
    operator = organisation_filter("operator")
    device_type = DimensionFilter(choices=DeviceTypeChoices.choices)

    class Meta:
        model = LandReleaseRecord
        fields = [*COMMON, "operator", "device_type", *TRAILING]

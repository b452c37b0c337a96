"""Filters for contamination (mirrors kb/models/contamination.py)."""

import django_filters

from api.filters.base import COMMON, TRAILING, DimensionFilter, StatisticFilterSet
from kb.choices import DeviceTypeChoices, ExtentClassChoices
from kb.models import ContaminationRecord


class ContaminationRecordFilterSet(StatisticFilterSet):
    device_type = DimensionFilter(choices=DeviceTypeChoices.choices)
    extent_class = django_filters.ChoiceFilter(choices=ExtentClassChoices.choices)

    class Meta:
        model = ContaminationRecord
        fields = [*COMMON, "device_type", "extent_class", *TRAILING]

"""Filters for funding (mirrors kb/models/funding.py)."""

import django_filters

from api.filters.base import COMMON, TRAILING, DimensionFilter, StatisticFilterSet, organisation_filter
from kb.choices import FundingFlowChoices, FundingSectorChoices
from kb.models import FundingRecord


class FundingRecordFilterSet(StatisticFilterSet):
    donor = organisation_filter("donor")
    flow = django_filters.ChoiceFilter(choices=FundingFlowChoices.choices)
    sector = DimensionFilter(choices=FundingSectorChoices.choices)

    class Meta:
        model = FundingRecord
        fields = [*COMMON, "donor", "flow", "sector", *TRAILING]

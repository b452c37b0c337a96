"""Filters for casualties (declared in kb/statistics/casualties.py), and the headline filter."""

import django_filters
from django.utils.translation import gettext_lazy as _

from api.filters.base import StatisticFilterSet, statistic_filterset
from kb.statistics.casualties import CASUALTIES


class HeadlineFilterSet(StatisticFilterSet):
    headline = django_filters.BooleanFilter(
        method="filter_headline", help_text=_("true: only figures not broken down by any dimension.")
    )

    def filter_headline(self, queryset, name, value):
        lookups = {f"{d}__isnull": True for d in CASUALTIES.breakdowns}
        return queryset.filter(**lookups) if value else queryset.exclude(**lookups)


CasualtyRecordFilterSet = statistic_filterset(CASUALTIES, HeadlineFilterSet, extra=("headline",))

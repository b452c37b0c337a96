"""Filters for casualties (mirrors kb/models/casualties.py)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from api.filters.base import COMMON, TRAILING, DimensionFilter, StatisticFilterSet
from kb.choices import AgeGroupChoices, CivilianStatusChoices, DeviceTypeChoices, SexChoices
from kb.models import CasualtyRecord


class CasualtyRecordFilterSet(StatisticFilterSet):
    civilian_status = DimensionFilter(choices=CivilianStatusChoices.choices)
    sex = DimensionFilter(choices=SexChoices.choices)
    age_group = DimensionFilter(choices=AgeGroupChoices.choices)
    device_type = DimensionFilter(choices=DeviceTypeChoices.choices)
    headline = django_filters.BooleanFilter(
        method="filter_headline", help_text=_("true: only figures not broken down by any dimension.")
    )

    class Meta:
        model = CasualtyRecord
        fields = [*COMMON, "civilian_status", "sex", "age_group", "device_type", "headline", *TRAILING]

    def filter_headline(self, queryset, name, value):
        lookups = {f"{d}__isnull": True for d in ("civilian_status", "sex", "age_group", "device_type")}
        return queryset.filter(**lookups) if value else queryset.exclude(**lookups)

"""Filters for production (mirrors kb/models/production.py)."""

import django_filters

from api.filters.base import COMMON, TRAILING, DimensionFilter, StatisticFilterSet, area_filter, organisation_filter
from kb.choices import ActorKindChoices, DeviceTypeChoices, ProductionBasisChoices, UseConfidenceChoices
from kb.models import ProductionRecord, UseReport


class ProductionRecordFilterSet(StatisticFilterSet):
    producer = organisation_filter("producer")
    device_type = DimensionFilter(choices=DeviceTypeChoices.choices)
    basis = django_filters.ChoiceFilter(choices=ProductionBasisChoices.choices)

    class Meta:
        model = ProductionRecord
        fields = [*COMMON, "producer", "device_type", "basis", *TRAILING]


class UseReportFilterSet(StatisticFilterSet):
    actor_kind = django_filters.ChoiceFilter(choices=ActorKindChoices.choices)
    actor_area = area_filter("actor_area")
    confidence = django_filters.ChoiceFilter(choices=UseConfidenceChoices.choices)
    device_type = DimensionFilter(choices=DeviceTypeChoices.choices)

    class Meta:
        model = UseReport
        fields = [*COMMON, "actor_kind", "actor_area", "confidence", "device_type", *TRAILING]

"""Filters for programmes (mirrors kb/models/programmes.py)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from api.filters.base import RecordIdFilterMixin, area_filter, organisation_filter
from kb.choices import FinancingInstrumentChoices, MilestoneKindChoices, ProgrammeKindChoices
from kb.models import Programme, ProgrammeFinancing, ProgrammeMilestone


class ProgrammeFilterSet(RecordIdFilterMixin):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", help_text=_("Part of the name."))
    area = area_filter()
    kind = django_filters.ChoiceFilter(choices=ProgrammeKindChoices.choices)
    lead_organisation = organisation_filter("lead_organisation")
    active_on = django_filters.DateFilter(method="filter_active_on", help_text=_("Programmes running on this date."))

    class Meta:
        model = Programme
        fields = ["id", "q", "area", "kind", "lead_organisation", "active_on"]

    def filter_active_on(self, queryset, name, value):
        return queryset.exclude(started_on__gt=value).exclude(planned_end_on__lt=value)


class ProgrammeFinancingFilterSet(RecordIdFilterMixin):
    area = area_filter()
    programme = django_filters.CharFilter(field_name="programme__slug", help_text=_("Programme slug."))
    financier = organisation_filter("financier")
    instrument = django_filters.ChoiceFilter(choices=FinancingInstrumentChoices.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", help_text=_("Dated on or after."))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", help_text=_("Dated on or before."))

    class Meta:
        model = ProgrammeFinancing
        fields = ["id", "area", "programme", "financier", "instrument", "date_from", "date_to"]


class ProgrammeMilestoneFilterSet(RecordIdFilterMixin):
    area = area_filter("programme__area")
    programme = django_filters.CharFilter(field_name="programme__slug", help_text=_("Programme slug."))
    kind = django_filters.ChoiceFilter(choices=MilestoneKindChoices.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", help_text=_("Dated on or after."))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", help_text=_("Dated on or before."))

    class Meta:
        model = ProgrammeMilestone
        fields = ["id", "area", "programme", "kind", "date_from", "date_to"]

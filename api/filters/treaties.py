import django_filters
from django.utils.translation import gettext_lazy as _

from api.filters.base import RecordIdFilterMixin, YearFilterMixin, area_filter, source_filter
from api.filters.lists import CodeFilter, KbFilterSet
from kb.choices import TreatyActionKindChoices
from kb.models import ArmedConflictPeriod, Treaty, TreatyAction

MSG_UNKNOWN_TREATY = _("Unknown treaty '%(value)s'.")


def treaty_filter() -> django_filters.ModelChoiceFilter:
    return CodeFilter(
        queryset=Treaty.objects.all(),
        to_field_name="code",
        error_messages={"invalid_choice": MSG_UNKNOWN_TREATY},
        help_text=_("Treaty code: APMBC, CCM, CCW-AP2."),
    )


class TreatyFilterSet(KbFilterSet):
    """Treaties take only what every list takes (updated_since)."""

    class Meta:
        model = Treaty
        fields: list[str] = []


class TreatyActionFilterSet(RecordIdFilterMixin, YearFilterMixin):
    treaty = treaty_filter()
    area = area_filter()
    kind = django_filters.ChoiceFilter(choices=TreatyActionKindChoices.choices)
    source = source_filter()
    date__gte = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text=_("On or after (YYYY-MM-DD).")
    )
    date__lte = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text=_("On or before (YYYY-MM-DD).")
    )

    class Meta:
        model = TreatyAction
        fields = ["treaty", "area", "kind", "source", "year", "year__gte", "year__lte", "date__gte", "date__lte"]


class ArmedConflictPeriodFilterSet(RecordIdFilterMixin):
    area = area_filter()
    source = source_filter()
    ongoing_on = django_filters.DateFilter(method="filter_ongoing_on", help_text=_("Periods covering this date."))

    class Meta:
        model = ArmedConflictPeriod
        fields = ["id", "area", "source", "ongoing_on"]

    def filter_ongoing_on(self, queryset, name, value):
        return queryset.filter(started_on__lte=value).exclude(ended_on__lt=value)

"""Shared filter vocabulary: q, area (ISO3), source (slug), year ranges. Related filters use natural keys."""

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from api.filters.lists import CodeFilter, KbFilterSet, UpperCaseCharFilter
from kb.choices import PeriodKindChoices
from kb.models import Area, Organisation, Source
from kb.statistics.base import Statistic

MSG_UNKNOWN_AREA = _("Unknown country or area code '%(value)s'.")
MSG_UNKNOWN_SOURCE = _("Unknown source '%(value)s'.")
MSG_UNKNOWN_ORGANISATION = _("Unknown organisation '%(value)s'.")


class IntegerFilter(django_filters.NumberFilter):
    """Whole numbers only (NumberFilter would take 2018.5), within PostgreSQL's integer range unless narrower bounds
    are given: a larger number is a 400, not a query Django cannot even build."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -(2**31))
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


def area_filter(field_name: str = "area", **kwargs) -> django_filters.ModelChoiceFilter:
    return CodeFilter(
        field_name=field_name,
        queryset=Area.objects.all(),
        to_field_name="code",
        error_messages={"invalid_choice": MSG_UNKNOWN_AREA},
        help_text=_("ISO 3166-1 alpha-3 code (or the knowledge base's code for areas without one)."),
        per_stamp=True,  # areas are public reference data, the same for every reader
        **kwargs,
    )


def source_filter(field_name: str = "source") -> django_filters.ModelChoiceFilter:
    return CodeFilter(
        field_name=field_name,
        queryset=Source.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": MSG_UNKNOWN_SOURCE},
        help_text=_("Source slug."),
    )


def organisation_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return CodeFilter(
        field_name=field_name,
        queryset=Organisation.objects.all(),
        to_field_name="name",
        error_messages={"invalid_choice": MSG_UNKNOWN_ORGANISATION},
        help_text=_("Organisation name."),
    )


class IntegerInFilter(django_filters.BaseInFilter, IntegerFilter):
    pass


class RecordIdFilterMixin(KbFilterSet):
    """`id=1,2,3`: these records only; a synchronised copy fetches the rows the change feed names."""

    id = IntegerInFilter(field_name="id", help_text=_("Comma-separated record ids."))


class YearFilterMixin(KbFilterSet):
    """year, year__gte, year__lte over a date field named by `year_field`."""

    year_field = "date"
    # Python dates run from year 1 to 9999; a year outside that is a 400, not a crash.
    year = IntegerFilter(method="filter_year", min_value=1, max_value=9999, help_text=_("Calendar year."))
    year__gte = IntegerFilter(method="filter_year", min_value=1, max_value=9999, help_text=_("From this year on."))
    year__lte = IntegerFilter(method="filter_year", min_value=1, max_value=9999, help_text=_("Up to this year."))

    def filter_year(self, queryset, name, value):
        lookup = {"year": "year", "year__gte": "year__gte", "year__lte": "year__lte"}[name]
        return queryset.filter(**{f"{self.year_field}__{lookup}": int(value)})


# Filter names every statistics FilterSet lists first and last.
COMMON = ["area", "pcode", "national", "year", "year__gte", "year__lte", "period_kind", "date__gte", "date__lte"]
TRAILING = ["source", "figures"]

FIGURES_CHOICES = [("preferred", _("preferred figures only")), ("all", _("all competing figures"))]


class DimensionFilter(django_filters.ChoiceFilter):
    """A breakdown dimension: a value, or `all` for figures not broken down by it (stored as null)."""

    not_broken_down = "all"  # also in its `__in` list (api/filters/lists.py)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, choices=[("all", _("all (not broken down)")), *choices], **kwargs)

    def filter(self, qs, value):
        if value == "all":
            return qs.filter(**{f"{self.field_name}__isnull": True})
        return super().filter(qs, value)


class StatisticFilterSet(RecordIdFilterMixin):
    """Filters every statistics resource shares. Unless `figures=all`, only each cell's preferred figure is listed."""

    area = area_filter()
    pcode = UpperCaseCharFilter(field_name="admin_area__pcode", help_text=_("Admin area p-code."))
    national = django_filters.BooleanFilter(
        field_name="admin_area", lookup_expr="isnull", help_text=_("true: national figures only (no admin area).")
    )
    year = IntegerFilter(field_name="year", min_value=1, max_value=9999, help_text=_("Year the period starts in."))
    year__gte = IntegerFilter(
        field_name="year", lookup_expr="gte", min_value=1, max_value=9999, help_text=_("From this year on.")
    )
    year__lte = IntegerFilter(
        field_name="year", lookup_expr="lte", min_value=1, max_value=9999, help_text=_("Up to this year.")
    )
    period_kind = django_filters.ChoiceFilter(choices=PeriodKindChoices.choices)
    date__gte = django_filters.DateFilter(
        field_name="period_end", lookup_expr="gte", help_text=_("Periods ending on or after this date.")
    )
    date__lte = django_filters.DateFilter(
        field_name="period_start", lookup_expr="lte", help_text=_("Periods starting on or before this date.")
    )
    source = source_filter()
    figures = django_filters.ChoiceFilter(
        choices=FIGURES_CHOICES,
        method="filter_figures",
        help_text=_("preferred (default): one figure per area, period and breakdown; all: every source's figure."),
    )

    def filter_figures(self, queryset, name, value):
        return queryset  # applied in filter_queryset, so the default holds when the parameter is absent

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("figures") != "all":
            queryset = queryset.filter(is_preferred=True)
        return queryset


def _declared_filter(statistic: Statistic, name: str) -> django_filters.Filter:
    """The filter of one of a statistic's own fields, by what the field is: a breakdown (a value, or `all`), an
    organisation or a state (by its natural key), or a choice."""
    field = statistic.model._meta.get_field(name)
    if name in statistic.breakdowns:
        return DimensionFilter(choices=field.choices)
    if field.is_relation and field.related_model is Organisation:
        return organisation_filter(name)
    if field.is_relation and field.related_model is Area:
        return area_filter(name)
    if field.choices:
        return django_filters.ChoiceFilter(choices=field.choices)
    raise ImproperlyConfigured(f"{statistic.resource}: no filter for {name!r}")


def statistic_filterset(statistic: Statistic, base: type = StatisticFilterSet, *, extra=()) -> type:
    """A statistic's filter set: the shared filters, then one per field its declaration names (kb/statistics/), the
    `extra` filters `base` declares, then source and figures."""
    meta = type("Meta", (), {"model": statistic.model, "fields": [*COMMON, *statistic.filters, *extra, *TRAILING]})
    attrs = {name: _declared_filter(statistic, name) for name in statistic.filters}
    name = f"{statistic.model.__name__}FilterSet"
    doc = f"Filters for {statistic.model._meta.verbose_name_plural} (declared in kb/statistics/)."
    return type(base)(name, (base,), {**attrs, "Meta": meta, "__module__": base.__module__, "__doc__": doc})

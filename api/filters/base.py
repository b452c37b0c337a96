"""Shared filter vocabulary: q, area (ISO3), source (slug), year ranges. Related filters use natural keys."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kb.models import Area, Organisation, Source

MSG_UNKNOWN_AREA = _("Unknown country or area code '%(value)s'.")
MSG_UNKNOWN_SOURCE = _("Unknown source '%(value)s'.")
MSG_UNKNOWN_ORGANISATION = _("Unknown organisation '%(value)s'.")


def area_filter(field_name: str = "area", **kwargs) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Area.objects.all(),
        to_field_name="code",
        error_messages={"invalid_choice": MSG_UNKNOWN_AREA},
        help_text=_("ISO 3166-1 alpha-3 code (or the knowledge base's code for areas without one)."),
        **kwargs,
    )


def source_filter(field_name: str = "source") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Source.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": MSG_UNKNOWN_SOURCE},
        help_text=_("Source slug."),
    )


def organisation_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Organisation.objects.all(),
        to_field_name="name",
        error_messages={"invalid_choice": MSG_UNKNOWN_ORGANISATION},
        help_text=_("Organisation name."),
    )


class YearFilterMixin(django_filters.FilterSet):
    """year, year__gte, year__lte over a date field named by `year_field`."""

    year_field = "date"
    year = django_filters.NumberFilter(method="filter_year", help_text=_("Calendar year."))
    year__gte = django_filters.NumberFilter(method="filter_year", help_text=_("From this year on."))
    year__lte = django_filters.NumberFilter(method="filter_year", help_text=_("Up to this year."))

    def filter_year(self, queryset, name, value):
        lookup = {"year": "year", "year__gte": "year__gte", "year__lte": "year__lte"}[name]
        return queryset.filter(**{f"{self.year_field}__{lookup}": int(value)})

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from api.filters.base import IntegerFilter, area_filter
from api.filters.lists import KbFilterSet, UpperCaseCharFilter
from kb.choices import AreaKindChoices, OrganisationKindChoices
from kb.models import AdminArea, Area, Organisation


class AreaFilterSet(KbFilterSet):
    q = django_filters.CharFilter(method="search", help_text=_("Part of the name (any language) or code."))
    kind = django_filters.ChoiceFilter(choices=AreaKindChoices.choices)

    class Meta:
        model = Area
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(name_uk__icontains=value) | Q(name_ru__icontains=value) | Q(code__iexact=value)
        )


class AdminAreaFilterSet(KbFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", help_text=_("Part of the name."))
    area = area_filter()
    level = IntegerFilter()
    parent = UpperCaseCharFilter(field_name="parent__pcode", help_text=_("Parent p-code."))

    class Meta:
        model = AdminArea
        fields = ["q", "area", "level", "parent"]


class OrganisationFilterSet(KbFilterSet):
    q = django_filters.CharFilter(method="search", help_text=_("Part of the name or acronym."))
    kind = django_filters.ChoiceFilter(choices=OrganisationKindChoices.choices)
    country = area_filter("country")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "country"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__iexact=value))

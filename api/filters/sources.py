import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from api.filters.lists import KbFilterSet
from kb.choices import SourceKindChoices
from kb.models import Source


class SourceFilterSet(KbFilterSet):
    q = django_filters.CharFilter(method="search", help_text=_("Part of the title or publisher."))
    kind = django_filters.ChoiceFilter(choices=SourceKindChoices.choices)
    language = django_filters.CharFilter(help_text=_("ISO 639-1 code."))
    published_on__gte = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_on__lte = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = Source
        fields = ["q", "kind", "language", "published_on__gte", "published_on__lte"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(publisher__icontains=value))

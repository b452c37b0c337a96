import django_filters
from django.utils.translation import gettext_lazy as _

from api.filters.base import RecordIdFilterMixin, area_filter, source_filter
from api.filters.treaties import treaty_filter
from kb.choices import TreatyArticleChoices, TreatyObligationKindChoices
from kb.models import TreatyObligation


class TreatyObligationFilterSet(RecordIdFilterMixin):
    treaty = treaty_filter()
    area = area_filter()
    article = django_filters.ChoiceFilter(choices=TreatyArticleChoices.choices)
    kind = django_filters.ChoiceFilter(choices=TreatyObligationKindChoices.choices)
    source = source_filter()
    deadline__gte = django_filters.DateFilter(
        field_name="deadline", lookup_expr="gte", help_text=_("Deadline on or after (YYYY-MM-DD).")
    )
    deadline__lte = django_filters.DateFilter(
        field_name="deadline", lookup_expr="lte", help_text=_("Deadline on or before (YYYY-MM-DD).")
    )

    class Meta:
        model = TreatyObligation
        fields = ["id", "treaty", "area", "article", "kind", "source", "deadline__gte", "deadline__lte"]

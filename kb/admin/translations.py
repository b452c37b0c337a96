"""Admin for content held in English, Ukrainian and Russian: the three side by side on one line, how much of each
row and of the whole table is translated, and lists in the staff member's alphabetical order."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kb.selectors.translations import translation_coverage_list
from kb.translations import CONTENT_LANGUAGES, collated, translation_gaps


def side_by_side(*fields: str) -> list[tuple[str, str, str]]:
    """Fieldset rows showing each field in English, Ukrainian and Russian on one line."""
    return [(field, f"{field}_uk", f"{field}_ru") for field in fields]


class TranslatedAdminMixin:
    """For a model with TRANSLATED_FIELDS: a per-row "translations" column and the table's coverage above the list.

    `collated_ordering` lists translated fields ordered by their shown text in the active language's ICU collation;
    the admin's (or model's) own ordering follows them as the tie-break, in plain order."""

    change_list_template = "admin/kb/translated_change_list.html"
    collated_ordering: tuple[str, ...] = ()

    def get_ordering(self, request):
        ordering = list(super().get_ordering(request) or self.model._meta.ordering)
        if not self.collated_ordering:
            return ordering
        rest = [term for term in ordering if term.lstrip("-") not in self.collated_ordering]
        return [*(collated(field) for field in self.collated_ordering), *rest]

    @admin.display(description=_("translations"))
    def translation_status(self, obj) -> str:
        """ "uk ✓ · ru 1/2": the row's translated fields per language."""
        fields = obj.TRANSLATED_FIELDS
        filled = [field for field in fields if getattr(obj, field)]
        missing = translation_gaps(obj, fields)
        parts = []
        for language in CONTENT_LANGUAGES:
            done = len(filled) - sum(1 for _field, gap in missing if gap == language)
            parts.append(f"{language} ✓" if done == len(filled) else f"{language} {done}/{len(filled)}")
        return " · ".join(parts)

    def changelist_view(self, request, extra_context=None):
        extra = {"translation_coverage": translation_coverage_list(model=self.model), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

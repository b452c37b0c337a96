from django.contrib import admin

from kb.admin.base import ReviewableAdmin
from kb.admin.filters import AREA_NAME_SEARCH, AutocompleteFilter
from kb.admin.translations import TranslatedAdminMixin, side_by_side
from kb.models import TreatyObligation


@admin.register(TreatyObligation)
class TreatyObligationAdmin(TranslatedAdminMixin, ReviewableAdmin):
    list_display = [
        "area",
        "treaty",
        "article",
        "kind",
        *TreatyObligation.DATE_FIELDS,
        "source_slug",
        "status",
        "translation_status",
    ]
    list_filter = ["treaty", "article", "kind", "status", ("area", AutocompleteFilter)]
    list_select_related = ["area", "treaty", "source"]
    search_fields = [*AREA_NAME_SEARCH, "area__code", "notes", "notes_uk", "notes_ru", "source__title"]
    autocomplete_fields = ["area", "source"]
    date_hierarchy = "deadline"
    fieldsets = [
        (None, {"fields": ["treaty", "area", "article", "kind"]}),
        (None, {"fields": TreatyObligation.DATE_FIELDS}),
        (None, {"fields": side_by_side("notes")}),
        ReviewableAdmin.citation_fieldset,
        ReviewableAdmin.review_fieldset,
        ReviewableAdmin.change_fieldset,
    ]

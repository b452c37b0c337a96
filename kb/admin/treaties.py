from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kb.admin.base import ReviewableAdmin
from kb.admin.columns import truncated
from kb.admin.filters import AREA_NAME_SEARCH, AutocompleteFilter
from kb.admin.translations import TranslatedAdminMixin, side_by_side
from kb.admin.workflow import HistoryAdminMixin, ImportExportAdminMixin
from kb.models import ArmedConflictPeriod, Treaty, TreatyAction


@admin.register(Treaty)
class TreatyAdmin(TranslatedAdminMixin, HistoryAdminMixin, ImportExportAdminMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "short_name",
        "entry_into_force_on",
        "withdrawal_notice_months",
        "armed_conflict_defers_withdrawal",
        "records_complete_on",
        "translation_status",
    ]
    search_fields = ["code", "name", "short_name", "name_uk", "name_ru", "short_name_uk", "short_name_ru"]
    fieldsets = [
        (None, {"fields": ["code", *side_by_side("name", "short_name"), "translations_from_sources"]}),
        (
            None,
            {
                "fields": [
                    "adopted_on",
                    "entry_into_force_on",
                    "entry_into_force_months",
                    "entry_into_force_first_of_month",
                    "withdrawal_notice_months",
                    "armed_conflict_defers_withdrawal",
                    "text_url",
                    "records_complete_on",
                ]
            },
        ),
    ]


@admin.register(TreatyAction)
class TreatyActionAdmin(TranslatedAdminMixin, ReviewableAdmin):
    list_display = ["area", "treaty", "kind", "date", "source_slug", "status", "translation_status"]
    list_filter = ["treaty", "kind", "status", ("area", AutocompleteFilter)]
    list_select_related = ["area", "treaty", "source"]
    search_fields = [*AREA_NAME_SEARCH, "area__code", "notes", "notes_uk", "notes_ru", "source__title"]
    autocomplete_fields = ["area", "source"]
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["treaty", "area", "kind", "date", *side_by_side("notes")]}),
        ReviewableAdmin.citation_fieldset,
        ReviewableAdmin.review_fieldset,
        ReviewableAdmin.change_fieldset,
    ]


@admin.register(ArmedConflictPeriod)
class ArmedConflictPeriodAdmin(TranslatedAdminMixin, ReviewableAdmin):
    list_display = ["area", "started_on", "ended_on", "short_description", "status", "translation_status"]
    list_filter = ["status", ("area", AutocompleteFilter)]
    list_select_related = ["area", "source"]
    search_fields = [*AREA_NAME_SEARCH, "description", "description_uk", "description_ru"]
    autocomplete_fields = ["area", "source"]
    fieldsets = [
        (None, {"fields": ["area", "started_on", "ended_on", *side_by_side("description")]}),
        ReviewableAdmin.citation_fieldset,
        ReviewableAdmin.review_fieldset,
        ReviewableAdmin.change_fieldset,
    ]

    @admin.display(description=_("description"))
    def short_description(self, obj):
        return truncated(obj.description, 60)

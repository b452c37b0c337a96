from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kb.admin.base import ReviewableAdmin
from kb.admin.columns import truncated
from kb.admin.workflow import HistoryAdminMixin, ImportExportAdminMixin
from kb.models import ArmedConflictPeriod, Treaty, TreatyAction


@admin.register(Treaty)
class TreatyAdmin(HistoryAdminMixin, ImportExportAdminMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "short_name",
        "entry_into_force_on",
        "withdrawal_notice_months",
        "armed_conflict_defers_withdrawal",
        "records_complete_on",
    ]
    search_fields = ["code", "name", "short_name"]


@admin.register(TreatyAction)
class TreatyActionAdmin(ReviewableAdmin):
    list_display = ["area", "treaty", "kind", "date", "source_slug", "status"]
    list_filter = ["treaty", "kind", "status", "area"]
    list_select_related = ["area", "treaty", "source"]
    search_fields = ["area__name", "area__code", "notes", "source__title"]
    autocomplete_fields = ["area", "source"]
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["treaty", "area", "kind", "date", "notes"]}),
        ReviewableAdmin.citation_fieldset,
        ReviewableAdmin.review_fieldset,
        ReviewableAdmin.change_fieldset,
    ]


@admin.register(ArmedConflictPeriod)
class ArmedConflictPeriodAdmin(ReviewableAdmin):
    list_display = ["area", "started_on", "ended_on", "short_description", "status"]
    list_filter = ["status", "area"]
    list_select_related = ["area", "source"]
    search_fields = ["area__name", "description"]
    autocomplete_fields = ["area", "source"]
    fieldsets = [
        (None, {"fields": ["area", "started_on", "ended_on", "description"]}),
        ReviewableAdmin.citation_fieldset,
        ReviewableAdmin.review_fieldset,
        ReviewableAdmin.change_fieldset,
    ]

    @admin.display(description=_("description"))
    def short_description(self, obj):
        return truncated(obj.description, 60)

"""Admin for every statistic (casualties, contamination, land release, stockpiles, production, use, transfers,
funding), programmes, their financing and their milestones."""

from django.contrib import admin
from django.template.defaultfilters import floatformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from kb.admin.base import ReviewableAdmin, StatisticalAdmin
from kb.admin.columns import EMPTY, figures_cell, trimmed, truncated
from kb.admin.filters import AREA_NAME_SEARCH, AutocompleteFilter
from kb.admin.translations import TranslatedAdminMixin, side_by_side
from kb.models import (
    Programme,
    ProgrammeFinancing,
    ProgrammeMilestone,
)
from kb.statistics.casualties import CASUALTIES
from kb.statistics.contamination import CONTAMINATION
from kb.statistics.funding import FUNDING
from kb.statistics.land_release import LAND_RELEASE
from kb.statistics.production import PRODUCTION, USE_REPORTS
from kb.statistics.stockpiles import STOCKPILES
from kb.statistics.transfers import TRANSFERS


@admin.register(CASUALTIES.model)
class CasualtyRecordAdmin(StatisticalAdmin):
    statistic = CASUALTIES
    list_figures = {
        "killed": _("killed"),
        "injured": _("injured"),
        "fate_unknown": _("fate unknown"),
        "total": _("total"),
    }
    list_extra_columns = ["share"]

    @admin.display(description=_("share"), ordering="share_percent")
    def share(self, obj):
        if obj.share_percent is None:
            return EMPTY
        of = floatformat(obj.share_of, "g") if obj.share_of is not None else obj.share_basis
        values = {"percent": number_format(trimmed(obj.share_percent)), "of": of}
        return truncated(_("%(percent)s%% of %(of)s") % values if of else f"{values['percent']}%", 24)


@admin.register(CONTAMINATION.model)
class ContaminationRecordAdmin(StatisticalAdmin):
    statistic = CONTAMINATION


@admin.register(LAND_RELEASE.model)
class LandReleaseRecordAdmin(StatisticalAdmin):
    statistic = LAND_RELEASE


@admin.register(STOCKPILES.model)
class StockpileRecordAdmin(StatisticalAdmin):
    statistic = STOCKPILES


@admin.register(PRODUCTION.model)
class ProductionRecordAdmin(StatisticalAdmin):
    statistic = PRODUCTION


@admin.register(USE_REPORTS.model)
class UseReportAdmin(StatisticalAdmin):
    statistic = USE_REPORTS


@admin.register(TRANSFERS.model)
class TransferAdmin(StatisticalAdmin):
    statistic = TRANSFERS


@admin.register(FUNDING.model)
class FundingRecordAdmin(StatisticalAdmin):
    statistic = FUNDING


class ProgrammeMilestoneInline(admin.StackedInline):
    """A programme's milestones on its page, to read: each is added, changed and reviewed on its own page, where the
    review rules apply (an edit sends it back to draft, the version is checked, a reviewer's change approves its
    source); saved here, a milestone would skip them. Stacked: seven columns with a title, a source and a locator do
    not fit a 1366-pixel screen side by side."""

    model = ProgrammeMilestone
    fields = ["kind", "date", "date_precision", "title", "source", "source_locator", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["source"]
    ordering = ["date", "kind"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(TranslatedAdminMixin, ReviewableAdmin):
    inlines = [*ReviewableAdmin.inlines, ProgrammeMilestoneInline]
    list_display = [
        "short_name",
        "area",
        "kind",
        "started_on",
        "planned_end_on",
        "budget_cell",
        "status",
        "translation_status",
    ]
    list_filter = ["status", "kind", ("area", AutocompleteFilter)]
    list_select_related = ["area", "source"]
    search_fields = ["name", "name_uk", "name_ru", "slug", "description", *AREA_NAME_SEARCH]
    autocomplete_fields = ["area", "lead_organisation", "source"]
    prepopulated_fields = {"slug": ["name"]}
    collated_ordering = ("area__name", "name")
    fieldsets = [
        (None, {"fields": [*side_by_side("name"), "slug", "area", "kind", "lead_organisation"]}),
        (None, {"fields": [*side_by_side("description"), "translations_from_sources"]}),
        (None, {"fields": ["started_on", "planned_end_on", "length_km", "budget", "currency", "budget_usd"]}),
        ReviewableAdmin.citation_fieldset,
        ReviewableAdmin.review_fieldset,
        ReviewableAdmin.change_fieldset,
    ]

    @admin.display(description=_("name"), ordering="name")
    def short_name(self, obj):
        return truncated(obj.name, 50)

    @admin.display(description=_("budget"), ordering="budget")
    def budget_cell(self, obj):
        return figures_cell(obj, ["budget", "currency"], labels=False)


@admin.register(ProgrammeFinancing)
class ProgrammeFinancingAdmin(TranslatedAdminMixin, ReviewableAdmin):
    list_display = ["slug", "area", "programme", "financier", "instrument", "amount_cell", "date", "status"]
    list_filter = ["status", "instrument", ("area", AutocompleteFilter), ("financier", AutocompleteFilter)]
    list_select_related = ["area", "programme", "financier", "source"]
    search_fields = [
        "slug",
        "purpose",
        "purpose_uk",
        "purpose_ru",
        *AREA_NAME_SEARCH,
        "programme__name",
        "financier__name",
    ]
    autocomplete_fields = ["area", "programme", "financier", "source"]
    collated_ordering = ("area__name",)
    fieldsets = [
        (None, {"fields": ["slug", "area", "programme", "financier", "instrument", "amount", "currency", "date"]}),
        (None, {"fields": side_by_side("purpose")}),
        ReviewableAdmin.citation_fieldset,
        ReviewableAdmin.review_fieldset,
        ReviewableAdmin.change_fieldset,
    ]

    @admin.display(description=_("amount"), ordering="amount")
    def amount_cell(self, obj):
        return figures_cell(obj, ["amount", "currency"], labels=False)


@admin.register(ProgrammeMilestone)
class ProgrammeMilestoneAdmin(TranslatedAdminMixin, ReviewableAdmin):
    list_display = ["programme", "kind", "date_cell", "short_title", "status", "translation_status"]
    list_filter = ["status", "kind", ("programme", AutocompleteFilter)]
    list_select_related = ["programme", "source"]
    search_fields = ["title", "title_uk", "title_ru", "notes", "programme__name", "programme__slug"]
    autocomplete_fields = ["programme", "source"]
    collated_ordering = ("programme__name",)
    fieldsets = [
        (None, {"fields": ["programme", "kind", "date", "date_precision"]}),
        (None, {"fields": [*side_by_side("title"), *side_by_side("notes"), "translations_from_sources"]}),
        ReviewableAdmin.citation_fieldset,
        ReviewableAdmin.review_fieldset,
        ReviewableAdmin.change_fieldset,
    ]

    @admin.display(description=_("date"), ordering="date")
    def date_cell(self, obj):
        return obj.date_label

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj):
        return truncated(obj.title, 60)

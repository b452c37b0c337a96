"""Admin for every statistic (casualties, contamination, land release, stockpiles, production, use, funding),
programmes and their financing."""

from django.contrib import admin
from django.template.defaultfilters import floatformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from kb.admin.base import ReviewableAdmin, StatisticalAdmin
from kb.admin.columns import EMPTY, figures_cell, trimmed, truncated
from kb.admin.filters import AutocompleteFilter
from kb.admin.translations import TranslatedAdminMixin, side_by_side
from kb.models import (
    CasualtyRecord,
    ContaminationRecord,
    FundingRecord,
    LandReleaseRecord,
    ProductionRecord,
    Programme,
    ProgrammeFinancing,
    StockpileRecord,
    UseReport,
)


@admin.register(CasualtyRecord)
class CasualtyRecordAdmin(StatisticalAdmin):
    dimension_fields = ["civilian_status", "sex", "age_group", "device_type"]
    figure_columns = ["total", "killed", "injured", "fate_unknown"]
    extra_figure_fields = ["share_percent", "share_of", "share_basis"]
    list_filter = [*StatisticalAdmin.list_filter, "device_type", "civilian_status", "age_group", "sex"]
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


@admin.register(ContaminationRecord)
class ContaminationRecordAdmin(StatisticalAdmin):
    dimension_fields = ["device_type"]
    figure_columns = ["confirmed_areas", "confirmed_m2", "suspected_areas", "suspected_m2", "extent_class"]
    extra_figure_fields = ["total_m2"]
    list_filter = [*StatisticalAdmin.list_filter, "device_type", "extent_class"]


@admin.register(LandReleaseRecord)
class LandReleaseRecordAdmin(StatisticalAdmin):
    dimension_fields = ["operator", "device_type"]
    figure_columns = ["released_m2", "cleared_m2", "reduced_m2", "cancelled_m2", "ap_mines_destroyed"]
    extra_figure_fields = ["av_mines_destroyed", "other_items_destroyed"]
    list_filter = [*StatisticalAdmin.list_filter, "device_type", ("operator", AutocompleteFilter)]
    list_select_related = [*StatisticalAdmin.list_select_related, "operator"]
    autocomplete_fields = [*StatisticalAdmin.autocomplete_fields, "operator"]


@admin.register(StockpileRecord)
class StockpileRecordAdmin(StatisticalAdmin):
    figure_columns = ["stockpiled", "destroyed", "destroyed_cumulative", "retained_for_training"]


@admin.register(ProductionRecord)
class ProductionRecordAdmin(StatisticalAdmin):
    dimension_fields = ["producer", "device_type", "basis", "rate"]
    figure_columns = ["quantity", "quantity_max"]
    list_filter = [*StatisticalAdmin.list_filter, "basis", "device_type", ("producer", AutocompleteFilter)]
    list_select_related = [*StatisticalAdmin.list_select_related, "producer"]
    autocomplete_fields = [*StatisticalAdmin.autocomplete_fields, "producer"]


@admin.register(UseReport)
class UseReportAdmin(StatisticalAdmin):
    dimension_fields = ["actor_kind", "actor_area", "actor_name", "device_type"]
    figure_columns = ["confidence"]
    extra_figure_fields = ["description"]
    list_filter = [*StatisticalAdmin.list_filter, "actor_kind", "confidence"]
    list_select_related = [*StatisticalAdmin.list_select_related, "actor_area"]
    autocomplete_fields = [*StatisticalAdmin.autocomplete_fields, "actor_area"]


@admin.register(FundingRecord)
class FundingRecordAdmin(StatisticalAdmin):
    dimension_fields = ["donor", "flow", "sector"]
    figure_columns = ["amount", "currency", "amount_usd"]
    list_filter = [*StatisticalAdmin.list_filter, "flow", "sector", ("donor", AutocompleteFilter)]
    list_select_related = [*StatisticalAdmin.list_select_related, "donor"]
    autocomplete_fields = [*StatisticalAdmin.autocomplete_fields, "donor"]


@admin.register(Programme)
class ProgrammeAdmin(TranslatedAdminMixin, ReviewableAdmin):
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
    search_fields = ["name", "name_uk", "name_ru", "slug", "description", "area__name"]
    autocomplete_fields = ["area", "lead_organisation", "source"]
    prepopulated_fields = {"slug": ["name"]}
    collated_ordering = ("area__name", "name")
    fieldsets = [
        (None, {"fields": [*side_by_side("name"), "slug", "area", "kind", "lead_organisation"]}),
        (None, {"fields": side_by_side("description")}),
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
    search_fields = ["slug", "purpose", "purpose_uk", "purpose_ru", "area__name", "programme__name", "financier__name"]
    autocomplete_fields = ["area", "programme", "financier", "source"]
    collated_ordering = ("area__name", "slug")
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

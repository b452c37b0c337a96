from django.contrib import admin

from kb.admin.filters import AutocompleteFilter
from kb.admin.translations import TranslatedAdminMixin, side_by_side
from kb.admin.workflow import HistoryAdminMixin, ImportExportAdminMixin
from kb.models import AdminArea, Area, CoverageList, Organisation


@admin.register(Area)
class AreaAdmin(TranslatedAdminMixin, HistoryAdminMixin, ImportExportAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "name_uk", "name_ru", "kind", "iso2", "translation_status"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_uk", "name_ru"]
    collated_ordering = ("name",)
    fields = ["code", "kind", *side_by_side("name"), "iso2", "latitude", "longitude"]


@admin.register(AdminArea)
class AdminAreaAdmin(TranslatedAdminMixin, HistoryAdminMixin, ImportExportAdminMixin, admin.ModelAdmin):
    list_display = ["pcode", "name", "area", "level", "parent", "translation_status"]
    list_filter = ["level", ("area", AutocompleteFilter)]
    list_select_related = ["area", "parent"]
    search_fields = ["pcode", "name", "name_uk", "name_ru"]
    autocomplete_fields = ["area", "parent"]
    collated_ordering = ("area__name", "name")
    fields = ["pcode", *side_by_side("name"), "area", "level", "parent", "latitude", "longitude"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdminMixin, ImportExportAdminMixin, admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind"]
    list_select_related = ["country"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["country"]


@admin.register(CoverageList)
class CoverageListAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    autocomplete_fields = ["areas"]
    prepopulated_fields = {"slug": ["name"]}

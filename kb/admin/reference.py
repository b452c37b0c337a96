from django.contrib import admin

from kb.admin.filters import AutocompleteFilter
from kb.admin.workflow import HistoryAdminMixin, ImportExportAdminMixin
from kb.models import AdminArea, Area, CoverageList, Organisation


@admin.register(Area)
class AreaAdmin(HistoryAdminMixin, ImportExportAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "name_uk", "name_ru", "kind", "iso2"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_uk", "name_ru"]
    ordering = ["name"]


@admin.register(AdminArea)
class AdminAreaAdmin(HistoryAdminMixin, ImportExportAdminMixin, admin.ModelAdmin):
    list_display = ["pcode", "name", "area", "level", "parent"]
    list_filter = ["level", ("area", AutocompleteFilter)]
    list_select_related = ["area", "parent"]
    search_fields = ["pcode", "name"]
    autocomplete_fields = ["area", "parent"]


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

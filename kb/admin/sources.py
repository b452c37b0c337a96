from django.contrib import admin

from kb.admin.workflow import HistoryAdminMixin, ImportExportAdminMixin
from kb.models import Citation, Source


@admin.register(Source)
class SourceAdmin(HistoryAdminMixin, ImportExportAdminMixin, admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "language", "slug"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "publisher", "slug", "url"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"


@admin.register(Citation)
class CitationAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["source", "locator", "content_type", "object_id"]
    list_filter = ["content_type"]
    list_select_related = ["source", "content_type"]
    search_fields = ["source__title", "locator", "quote"]
    autocomplete_fields = ["source"]

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from kb.admin.columns import truncated
from kb.admin.filters import ReadableLookupsMixin
from kb.admin.messages import MSG_APPROVED
from kb.admin.workflow import HistoryAdminMixin, ImportExportAdminMixin
from kb.models import Citation, Source
from kb.models.base import CitedModel
from kb.services.review import REVIEW_PERMISSION, citation_change_prepare, sources_approve


@admin.register(Source)
class SourceAdmin(ReadableLookupsMixin, HistoryAdminMixin, ImportExportAdminMixin, admin.ModelAdmin):
    list_display = ["short_title", "short_publisher", "kind", "published_on", "language", "slug", "reviewed"]
    list_filter = ["reviewed", "kind", "language"]
    search_fields = ["title", "publisher", "slug", "url"]
    readonly_fields = ["reviewed", "proposed_by"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"
    actions = ["approve"]

    def has_review_permission(self, request):
        return request.user.has_perm(f"kb.{REVIEW_PERMISSION}")

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj):
        return truncated(obj.title, 60)

    @admin.display(description=_("publisher"), ordering="publisher")
    def short_publisher(self, obj):
        return truncated(obj.publisher, 30)

    @admin.action(description=_("Approve the selected sources (they appear in public lists)"), permissions=["review"])
    def approve(self, request, queryset):
        count = sources_approve(sources=queryset, by=request.user)
        self.message_user(request, MSG_APPROVED % {"count": count})


@admin.register(Citation)
class CitationAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["short_source", "locator", "content_type", "object_id"]
    list_filter = ["content_type"]
    list_select_related = ["source", "content_type"]
    search_fields = ["source__title", "locator", "quote"]
    autocomplete_fields = ["source"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":  # only the kinds of record that take further citations
            cited = [m for m in apps.get_app_config("kb").get_models() if issubclass(m, CitedModel)]
            kwargs["queryset"] = ContentType.objects.filter(
                pk__in=[c.pk for c in ContentType.objects.get_for_models(*cited).values()]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def delete_model(self, request, obj):
        citation_change_prepare(citation=obj, by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for citation in queryset:
            citation_change_prepare(citation=citation, by=request.user)
        super().delete_queryset(request, queryset)

    @admin.display(description=_("source"), ordering="source__title")
    def short_source(self, obj):
        return truncated(obj.source, 60)

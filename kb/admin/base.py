"""Shared admin pieces: citations inline, reviewable-record defaults."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from kb.models import Citation


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    fields = ["source", "locator", "quote"]
    autocomplete_fields = ["source"]
    verbose_name = _("further citation")
    verbose_name_plural = _("further citations")


class ReviewableAdmin(admin.ModelAdmin):
    """Review fields are shown, not typed: the workflow services change them."""

    review_readonly_fields = ["status", "status_changed_at", "submitted_by", "reviewed_by", "retraction_reason"]
    review_fieldset = (_("Review"), {"fields": review_readonly_fields, "classes": ["collapse"]})
    citation_fieldset = (_("Source"), {"fields": ["source", "source_locator", "source_quote"]})
    inlines = [CitationInline]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.review_readonly_fields]

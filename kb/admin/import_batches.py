"""Import batches in the admin: the preview to confirm, progress while queued or running, the outcome, the error
report for the provider, and revert."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from kb.admin import messages as notices
from kb.admin.columns import cut, outcome_cell
from kb.admin.workflow import EXPORT_CONTENT_TYPES
from kb.models import ImportBatch
from kb.services.batch_revert import import_batch_revert
from kb.services.imports.batches import (
    import_batch_apply,
    import_batch_error_report,
    import_batch_reset,
    import_batches_prune,
)
from kb.services.jobs import PENDING, job_settle
from kb.services.revert_jobs import revert_job_create


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Imports: the preview to confirm, progress while running, the outcome, and revert."""

    list_display = [cut("filename", 40, _("file name")), "resource", "status", "created_by", "created_at", "rows_total"]
    list_display += [outcome_cell]
    list_filter = ["status", "resource"]
    list_select_related = ["created_by"]
    search_fields = ["filename", "resource"]
    change_form_template = "admin/kb/import_batch.html"
    actions = ["revert_batches", "prune_batches"]

    def has_add_permission(self, request):
        return False  # batches are created by uploading a file on a changelist

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_review_permission(self, request):
        return request.user.has_perm("kb.review_record")

    def has_prune_permission(self, request):
        return request.user.has_perm("kb.delete_importbatch")

    @admin.action(description=_("Delete the selected batches past the retention period"), permissions=["prune"])
    def prune_batches(self, request, queryset):
        count = import_batches_prune(by=request.user, queryset=queryset)
        self.message_user(request, notices.MSG_PRUNED % {"count": count})

    def get_urls(self):
        return [
            path("<int:batch_id>/apply/", self.admin_site.admin_view(self.apply_view), name="kb_importbatch_apply"),
            path(
                "<int:batch_id>/errors/",
                self.admin_site.admin_view(self.error_report_view),
                name="kb_importbatch_errors",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = import_batch_reset(batch=get_object_or_404(ImportBatch, pk=object_id))  # a stopped apply: previewed
        revert_job = batch.revert_jobs.first()  # the latest, when the task worker reverts or reverted it
        if revert_job is not None:
            revert_job = job_settle(revert_job)  # one a stopped worker left running shows as failed
        applying = batch.status in ("queued", "running")
        context = {
            **self.admin_site.each_context(request),
            "title": str(batch),
            "batch": batch,
            "opts": self.model._meta,
            "applying": applying,
            "running": applying or getattr(revert_job, "status", "") in PENDING,
            "outcome": notices.import_outcome(batch.totals) if batch.totals else "",
            "revert_job": revert_job,
            "can_apply": batch.status == "previewed" and batch.created_by_id == request.user.pk,
            "errors": [r for r in batch.report if r.get("outcome") == "error"],
            "rows": [r for r in batch.report if r.get("outcome") != "error"],
        }
        return TemplateResponse(request, self.change_form_template, context)

    def error_report_view(self, request, batch_id):
        """The rejected rows with a message column, to send back to the file's provider."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(ImportBatch, pk=batch_id)
        content, name = import_batch_error_report(batch=batch)
        content_type = EXPORT_CONTENT_TYPES["xlsx" if name.endswith(".xlsx") else "csv"]
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def apply_view(self, request, batch_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:kb_importbatch_change", args=[batch_id]))
        batch = get_object_or_404(ImportBatch, pk=batch_id)
        try:
            batch = import_batch_apply(batch=batch, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
        else:
            if batch.status == "applied":
                self.message_user(request, notices.import_totals_message(batch.totals), messages.SUCCESS)
            elif batch.status == "rejected":
                self.message_user(request, _("The file was rejected; nothing was written."), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:kb_importbatch_change", args=[batch_id]))

    @admin.action(description=_("Revert the selected imports"), permissions=["review"])
    def revert_batches(self, request, queryset):
        """Within the request, or, for a batch larger than KB_IMPORT_BACKGROUND_ROWS (as its apply was), by the task
        worker: beyond about 150,000 records a revert outlasts the request's timeout."""
        for batch in queryset.defer("content", "report"):
            try:
                if batch.rows_total > settings.KB_IMPORT_BACKGROUND_ROWS:
                    job = revert_job_create(batch=batch, by=request.user)
                    url = reverse("admin:kb_revertjob_change", args=[job.pk])
                    self.message_user(request, notices.revert_queued_message(batch, url), messages.INFO)
                    continue
                counts = import_batch_revert(batch=batch, by=request.user)
            except ValidationError as exc:
                message = _("%(batch)s: %(errors)s") % {"batch": batch, "errors": " ".join(exc.messages)}
                self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(request, notices.revert_message(batch, counts), messages.SUCCESS)

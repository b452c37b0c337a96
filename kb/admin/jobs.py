"""Background jobs in the admin: export jobs (administrators see every requester's), release jobs (the packaging
of releases published from the admin) and revert jobs (large import batches undone). Read-only lists with state,
progress and the reason of a failure; a failed job, or one a stopped worker left running, is queued again with the
retry action. A page of a job still queued or running refreshes itself."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kb.admin import messages as notices
from kb.admin.filters import ReadableLookupsMixin
from kb.models import ExportJob, JobStatusChoices, ReleaseJob, RevertJob
from kb.services.export_jobs import export_job_retry
from kb.services.jobs import PENDING, job_settle
from kb.services.release_jobs import release_job_retry
from kb.services.revert_jobs import revert_job_retry


class JobAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    """What both kinds of job show; `retry` is the service that queues one again."""

    list_filter = ["status"]
    list_select_related = ["requested_by"]
    change_form_template = "admin/kb/job_change_form.html"
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # jobs are asked for (the API's exports/, the release add form), not added

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # export files expire (kb_prune_exports); release jobs are the record of a publication

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        if job is not None:
            job = job_settle(job)  # a job a stopped worker left running shows as failed, to be retried
        extra_context = {**(extra_context or {}), "running": job is not None and job.status in PENDING}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return format_html(
            '<progress max="{}" value="{}"></progress> {} / {}',
            obj.total or 1,
            obj.total if obj.status == JobStatusChoices.DONE else obj.done,
            obj.total if obj.status == JobStatusChoices.DONE else obj.done,
            obj.total,
        )

    def _retry(self, request, queryset, retry):
        count = sum(retry(job=job, by=request.user) for job in queryset)
        self.message_user(request, notices.MSG_RETRIED % {"count": count})


@admin.register(ExportJob)
class ExportJobAdmin(JobAdmin):
    list_display = ["__str__", "status", "progress", "requested_by", "size", "created_at", "finished_at", "error"]
    list_filter = ["status", "resource", "format"]
    search_fields = ["resource", "query", "requested_by__username"]
    actions = ["retry_exports"]

    def has_retry_permission(self, request):
        return request.user.has_perm("kb.change_exportjob")

    @admin.action(description=_("Retry the selected failed exports"), permissions=["retry"])
    def retry_exports(self, request, queryset):
        self._retry(request, queryset, export_job_retry)


@admin.register(ReleaseJob)
class ReleaseJobAdmin(JobAdmin):
    list_display = ["name", "as_of", "status", "progress", "requested_by", "created_at", "finished_at", "error"]
    search_fields = ["name", "title"]
    actions = ["retry_releases"]

    def has_retry_permission(self, request):
        return request.user.has_perm("kb.publish_release")

    @admin.action(description=_("Retry the selected failed releases"), permissions=["retry"])
    def retry_releases(self, request, queryset):
        self._retry(request, queryset, release_job_retry)


@admin.register(RevertJob)
class RevertJobAdmin(JobAdmin):
    # The job (its batch's file name) opens the job's page, the batch column the batch's: a link inside the
    # change list's own first-column link would leave that one empty (a link without text for a screen reader).
    list_display = ["__str__", "batch_link", "status", "progress", "outcome", "requested_by", "created_at"]
    list_display += ["finished_at", "error"]
    list_select_related = ["requested_by", "batch"]
    search_fields = ["batch__filename", "batch__resource"]
    actions = ["retry_reverts"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("batch__content", "batch__report")  # the file is not shown

    def has_retry_permission(self, request):
        return request.user.has_perm("kb.review_record")

    @admin.display(description=_("import batch"), ordering="batch__filename")
    def batch_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:kb_importbatch_change", args=[obj.batch_id]), obj.batch
        )

    @admin.display(description=_("outcome"))
    def outcome(self, obj):
        return notices.revert_outcome(obj.counts) if obj.status == JobStatusChoices.DONE else ""

    @admin.action(description=_("Retry the selected failed reverts"), permissions=["retry"])
    def retry_reverts(self, request, queryset):
        self._retry(request, queryset, revert_job_retry)

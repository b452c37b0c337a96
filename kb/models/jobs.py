"""Background jobs the task worker (`manage.py kb_worker`) runs for someone: a whole filtered export built as a
file, a release packaged, a large import reverted. The job row is what the requester and the admin watch (state,
progress, the reason of a failure); what a job makes (the file, the release, the revert) appears only when all of it
is written."""

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kb.models.base import choices_constraint
from kb.models.fields import choice_field, optional_field, user_field


class JobStatusChoices(models.TextChoices):
    QUEUED = "queued", _("Queued for the task worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed, nothing written")


class ExportFormatChoices(models.TextChoices):
    CSV = "csv", _("CSV")
    HXL = "hxl", _("HXL-tagged CSV")
    XLSX = "xlsx", _("Excel workbook")


# The history keeps each job's creation, every change of state (not each progress step) and its deletion.
JOB_HISTORY = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(condition=pghistory.AnyChange("status")),
    pghistory.DeleteEvent(),
)


class Job(models.Model):
    status = choice_field(JobStatusChoices, _("status"), max_length=10, default=JobStatusChoices.QUEUED)
    done = models.PositiveIntegerField(
        verbose_name=_("done"),
        default=0,
    )
    total = models.PositiveIntegerField(
        verbose_name=_("total"),
        default=0,
    )
    error = models.TextField(
        verbose_name=_("reason of the failure"),
        blank=True,
    )
    requested_by = user_field(_("requested by"))
    created_at = models.DateTimeField(
        verbose_name=_("requested at"),
        auto_now_add=True,
    )
    finished_at = optional_field(models.DateTimeField, _("finished at"))

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("status", JobStatusChoices),
            models.CheckConstraint(
                condition=Q(done__lte=F("total")),
                name="%(app_label)s_%(class)s_done_within_total",
                violation_error_message=_("A job cannot have done more than its total."),
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatusChoices.FAILED) | ~Q(error=""),
                name="%(app_label)s_%(class)s_failure_has_reason",
                violation_error_message=_("A failed job states why it failed."),
            ),
        ]

    @property
    def percent(self) -> int:
        return 100 if self.status == JobStatusChoices.DONE else (100 * self.done // self.total if self.total else 0)


@pghistory.track(*JOB_HISTORY)
class ExportJob(Job):
    """A whole filtered list of one API resource, written as a file by the task worker: the same bytes as the
    streamed download of the same route, filters and format, by the same requester."""

    resource = models.CharField(
        verbose_name=_("resource"),
        max_length=40,
        help_text=_("The API route, e.g. casualties."),
    )
    format = choice_field(ExportFormatChoices, _("format"), max_length=10, default=ExportFormatChoices.CSV)
    query = models.TextField(
        verbose_name=_("filters"),
        blank=True,
        help_text=_("The list's filters as a query string, e.g. country=KHM&year=2024."),
    )
    file = models.FileField(
        verbose_name=_("file"),
        upload_to="exports/",
        blank=True,
        max_length=255,
    )
    size = models.PositiveBigIntegerField(
        verbose_name=_("size (bytes)"),
        default=0,
    )
    expires_at = optional_field(models.DateTimeField, _("expires at"))

    class Meta(Job.Meta):
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        constraints = [
            *Job.Meta.constraints,
            choices_constraint("format", ExportFormatChoices),
            models.CheckConstraint(
                condition=~Q(status=JobStatusChoices.DONE) | (~Q(file="") & Q(expires_at__isnull=False)),
                name="%(app_label)s_%(class)s_done_has_file",
                violation_error_message=_("A finished export has its file and the moment it expires."),
            ),
        ]
        indexes = [
            # a requester's own jobs, newest first
            models.Index(fields=["requested_by", "-created_at"], name="kb_exportjob_requester_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resource}.{self.format} #{self.pk}"


@pghistory.track(*JOB_HISTORY)
class ReleaseJob(Job):
    """The packaging of one release by the task worker. The release is stored only when its archive is complete,
    in the transaction that marks the job done."""

    name = models.CharField(
        verbose_name=_("name"),
        max_length=40,
    )
    title = models.CharField(
        verbose_name=_("title"),
        max_length=200,
        blank=True,
    )
    as_of = models.DateTimeField(
        verbose_name=_("as of"),
    )
    release = models.OneToOneField(
        to="kb.Release",
        verbose_name=_("release"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="job",
    )

    class Meta(Job.Meta):
        verbose_name = _("release job")
        verbose_name_plural = _("release jobs")
        constraints = [
            *Job.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(status=JobStatusChoices.DONE) | Q(release__isnull=False),
                name="%(app_label)s_%(class)s_done_has_release",
                violation_error_message=_("A finished release job names its release."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(status__in=[JobStatusChoices.QUEUED, JobStatusChoices.RUNNING]),
                name="kb_releasejob_one_pending_per_name",
                violation_error_message=_("A release of this name is already being packaged."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track(*JOB_HISTORY)
class RevertJob(Job):
    """The revert of one large import batch by the task worker (beyond what a request may take). What it undoes is
    written in one transaction with the batch marked reverted; a refusal or a failure writes nothing and says why."""

    batch = models.ForeignKey(
        to="kb.ImportBatch",
        verbose_name=_("import batch"),
        on_delete=models.CASCADE,
        related_name="revert_jobs",
    )
    counts = models.JSONField(
        verbose_name=_("outcome"),
        default=dict,
        blank=True,
        help_text=_("Records deleted, restored and re-created."),
    )

    class Meta(Job.Meta):
        verbose_name = _("revert job")
        verbose_name_plural = _("revert jobs")
        constraints = [
            *Job.Meta.constraints,
            models.UniqueConstraint(
                fields=["batch"],
                condition=Q(status__in=[JobStatusChoices.QUEUED, JobStatusChoices.RUNNING]),
                name="kb_revertjob_one_pending_per_batch",
                violation_error_message=_("This import is already being reverted."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.batch.filename)

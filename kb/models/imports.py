"""Import batches: one uploaded file, its preview, its outcome, and the way back."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kb.models.base import choices_constraint
from kb.models.fields import choice_field, optional_field, user_field


class ImportBatchStatusChoices(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed, not applied")
    QUEUED = "queued", _("Queued for the task worker")
    RUNNING = "running", _("Running")
    APPLIED = "applied", _("Applied")
    REJECTED = "rejected", _("Rejected, nothing written")
    REVERTED = "reverted", _("Reverted")


class ImportBatch(models.Model):
    """One file imported (or previewed) into one resource, by one person; history events of the rows it wrote carry
    its id, so the whole batch can be listed and reverted. Not itself tracked: it is the audit record (and progress
    updates would flood the history)."""

    resource = models.CharField(
        verbose_name=_("resource"),
        max_length=40,
    )
    filename = models.CharField(
        verbose_name=_("file name"),
        max_length=255,
    )
    content = models.BinaryField(
        verbose_name=_("file content"),
        help_text=_("The file as uploaded, kept for the confirm step and as provenance."),
    )
    status = choice_field(
        ImportBatchStatusChoices, _("status"), max_length=10, default=ImportBatchStatusChoices.PREVIEWED
    )
    created_by = user_field(_("imported by"))
    created_at = models.DateTimeField(
        verbose_name=_("uploaded at"),
        auto_now_add=True,
    )
    applied_at = optional_field(models.DateTimeField, _("applied at"))
    rows_total = models.PositiveIntegerField(
        verbose_name=_("rows"),
        default=0,
    )
    rows_done = models.PositiveIntegerField(
        verbose_name=_("rows processed"),
        default=0,
    )
    totals = models.JSONField(
        verbose_name=_("outcome"),
        default=dict,
        blank=True,
        help_text=_("Rows new, changed and unchanged."),
    )
    report = models.JSONField(
        verbose_name=_("report"),
        default=list,
        blank=True,
        help_text=_("Per-row outcome of the preview or the errors that rejected the file."),
    )
    reverted_at = optional_field(models.DateTimeField, _("reverted at"))
    reverted_by = user_field(_("reverted by"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [choices_constraint("status", ImportBatchStatusChoices)]
        indexes = [
            # the staff dashboard: recent imports
            models.Index(fields=["-created_at"], name="kb_importbatch_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} → {self.resource} ({self.get_status_display()})"

"""Import batches: preview a file (dry run), then apply it — inline, or in a thread with progress for big files."""

import threading

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connections
from django.utils import timezone

from kb.models import ImportBatch, ImportBatchStatusChoices
from kb.services.imports.error_report import error_report_build
from kb.services.imports.errors import ImportIssue, ImportRejected
from kb.services.imports.service import ImportReport, rows_import

MSG_NOT_PREVIEWED = "This file was already {status}; upload it again to import it."
MSG_NOT_YOURS = "Only the person who uploaded this file can apply it."


def _report_rows(report: ImportReport) -> list[dict]:
    return [
        {
            "row": r.row,
            "outcome": r.outcome,
            "record": r.record,
            "diff": {k: list(v) for k, v in r.diff.items()},
            "values": r.values,
        }
        for r in report.rows
    ]


def _issue_rows(rejected: ImportRejected) -> list[dict]:
    return [
        {"row": i.row, "outcome": "error", "column": i.column, "value": i.value, "message": i.message}
        for i in rejected.issues
    ]


def import_batch_error_report(*, batch: ImportBatch) -> tuple[bytes, str]:
    """The rejected rows of the batch's file with a `message` column, in the file's own format: (bytes, name)."""
    issues = [
        ImportIssue(row=r.get("row"), column=r.get("column", ""), value=r.get("value", ""), message=r["message"])
        for r in batch.report
        if r.get("outcome") == "error"
    ]
    return error_report_build(content=bytes(batch.content), filename=batch.filename, issues=issues)


def import_batch_preview(*, resource: str, content: bytes, filename: str, by) -> ImportBatch:
    """Store the upload and dry-run it: the batch's report says, per row, new / changed (with diff) / unchanged,
    or lists every error. Nothing else is written."""
    batch = ImportBatch.objects.create(resource=resource, filename=filename, content=content, created_by=by)
    try:
        report = rows_import(resource=resource, content=content, filename=filename, dry_run=True, by=by)
    except ImportRejected as rejected:
        batch.status = ImportBatchStatusChoices.REJECTED
        batch.report = _issue_rows(rejected)
    else:
        batch.totals = report.totals
        batch.report = _report_rows(report)
        batch.rows_total = sum(report.totals.values())
    batch.save()
    return batch


def import_batch_apply(*, batch: ImportBatch, by, background: bool | None = None) -> ImportBatch:
    """Apply a previewed batch. Large files run in a background thread; poll the batch for progress."""
    if batch.status != ImportBatchStatusChoices.PREVIEWED:
        raise ValidationError(MSG_NOT_PREVIEWED.format(status=batch.get_status_display().lower()))
    if batch.created_by_id != getattr(by, "pk", None):
        raise PermissionDenied(MSG_NOT_YOURS)
    if background is None:
        background = batch.rows_total > settings.KB_IMPORT_BACKGROUND_ROWS
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatchStatusChoices.RUNNING, rows_done=0)
    batch.status = ImportBatchStatusChoices.RUNNING
    if background:
        threading.Thread(target=_apply_in_thread, args=(batch.pk, by), daemon=True).start()
        return batch
    return _apply(batch, by, progress=None)


def _apply(batch: ImportBatch, by, progress) -> ImportBatch:
    try:
        report = rows_import(
            resource=batch.resource,
            content=bytes(batch.content),
            filename=batch.filename,
            by=by,
            batch_id=batch.pk,
            progress=progress,
        )
    except ImportRejected as rejected:  # the data changed since the preview
        batch.status = ImportBatchStatusChoices.REJECTED
        batch.report = _issue_rows(rejected)
    else:
        batch.status = ImportBatchStatusChoices.APPLIED
        batch.applied_at = timezone.now()
        batch.totals = report.totals
        batch.report = _report_rows(report)
        batch.rows_done = sum(report.totals.values())
    batch.save(update_fields=["status", "applied_at", "totals", "report", "rows_done"])
    return batch


def _apply_in_thread(batch_id: int, by) -> None:
    close_old_connections()
    try:
        batch = ImportBatch.objects.get(pk=batch_id)

        def progress(done: int, total: int) -> None:
            # Written through the second connection: the import's own transaction is not committed yet.
            ImportBatch.objects.using("progress").filter(pk=batch_id).update(rows_done=done)

        _apply(batch, by, progress)
    except Exception:
        ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatchStatusChoices.REJECTED)
        raise
    finally:
        connections.close_all()

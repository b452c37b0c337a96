"""Import batches: preview a file (dry run), then apply it — inline, or for big files as a task that the task
worker (`manage.py kb_worker`, django-tasks-db) runs, with progress; a task survives a restart of the web server.

An apply is one transaction: the rows and the batch's outcome commit together, or neither does. While it runs, the
transaction holds an advisory lock on the batch, so a batch marked running whose lock is free has stopped (a killed
worker, a database restart, a reload): nothing of it was written, and it is set back to previewed, to be applied
again. Confirming is idempotent: only the request that moves the batch from previewed to running applies it."""

import contextlib
import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.tasks import task
from django.utils import timezone

from kb.models import ImportBatch, ImportBatchStatusChoices
from kb.services.imports.error_report import error_report_build, error_report_name
from kb.services.imports.errors import ImportIssue, ImportRejected
from kb.services.imports.reader import MAX_FILE_BYTES, MSG_TOO_BIG
from kb.services.imports.service import ImportReport, rows_import
from kb.services.jobs import PENDING as JOBS_PENDING

Status = ImportBatchStatusChoices

MSG_STOPPED = "The import stopped before it finished, and nothing was written ({error})."
MSG_NOT_PREVIEWED = "This file was already {status}; upload it again to import it."
MSG_NOT_YOURS = "Only the person who uploaded this file can apply it."
MSG_RETENTION = "Only batches older than {days} days may be deleted."
MSG_PREVIEW_OUTDATED = (
    "The stored records changed after the preview{rows}, so the file would not do what the preview showed; nothing "
    "was written. Upload the file again to see a new preview."
)
PREVIEW_ROWS_NAMED = 10
# Advisory lock namespace of running batches (the second key is the batch id).
APPLY_LOCK = 0x4B42


class UploadTooLarge(Exception):
    """The upload exceeds the import size limit; nothing was stored."""

    def __init__(self):
        super().__init__(MSG_TOO_BIG.format(limit=MAX_FILE_BYTES // 2**20))


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


def import_batch_reject(batch: ImportBatch, rejected: ImportRejected, content: bytes) -> None:
    """Mark `batch` (unsaved) refused: its issues, and of a file read as rows, the rows refused as the error report;
    never the file itself (a rejected batch cannot be applied, and keeps no more than its provider needs back)."""
    batch.status = Status.REJECTED
    batch.report = _issue_rows(rejected)
    batch.content = b""
    if any(issue.row is not None for issue in rejected.issues):  # a file read as rows: keep the rows refused
        batch.content = error_report_build(content=content, filename=batch.filename, issues=rejected.issues)[0]


def import_batch_error_report(*, batch: ImportBatch) -> tuple[bytes, str]:
    """The rejected rows of the batch's file with a `message` column, in the file's own format: (bytes, name).
    A rejected batch keeps only this report (built when the file was refused), never the file itself."""
    if batch.status == Status.REJECTED and batch.content:
        return bytes(batch.content), error_report_name(batch.filename)
    issues = [
        ImportIssue(row=r.get("row"), column=r.get("column", ""), value=r.get("value", ""), message=r["message"])
        for r in batch.report
        if r.get("outcome") == "error"
    ]
    return error_report_build(content=bytes(batch.content), filename=batch.filename, issues=issues)


def import_batch_preview(*, resource: str, content: bytes, filename: str, by) -> ImportBatch:
    """Dry-run the upload and keep it as a batch: the report says, per row, new / changed (with diff) / unchanged, or
    lists every error. The file is kept only when it can be applied; of a rejected file, only its rejected rows are
    kept, as the error report."""
    if len(content) > MAX_FILE_BYTES:
        raise UploadTooLarge()
    batch = ImportBatch(resource=resource, filename=filename, content=b"", created_by=by)
    try:
        report = rows_import(resource=resource, content=content, filename=filename, dry_run=True, by=by)
    except ImportRejected as rejected:
        import_batch_reject(batch, rejected, content)
    else:
        batch.content = content
        batch.totals = report.totals
        batch.report = _report_rows(report)
        batch.rows_total = sum(report.totals.values())
    batch.save()
    return batch


def import_batch_running(batch: ImportBatch) -> bool:
    """Whether an apply of `batch` is in progress now (its transaction holds the batch's advisory lock)."""
    with connections["progress"].cursor() as cursor:  # outside the caller's transaction: a fresh look
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [APPLY_LOCK, batch.pk])
        free = cursor.fetchone()[0]
        if free:  # taken only to test it: given back at once
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [APPLY_LOCK, batch.pk])
    return not free


@contextlib.contextmanager
def import_batch_held(batch: ImportBatch | None):
    """Around a command's import of `batch` (kb_import), which is not the admin's apply: its advisory lock is held
    for the whole run, so that no page view takes it for a stopped apply and sets it back to previewed. A run that
    stops on anything but a rejected file leaves the batch rejected with the reason, never running."""
    if batch is None:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [APPLY_LOCK, batch.pk])
    try:
        yield
    except ImportRejected:
        raise
    except BaseException as stopped:  # Ctrl-C included: nothing of the run was written (one transaction)
        reason = MSG_STOPPED.format(error=f"{type(stopped).__name__}: {stopped}".rstrip(": "))
        report = _issue_rows(ImportRejected([ImportIssue(message=reason)]))
        ImportBatch.objects.filter(pk=batch.pk, status=Status.RUNNING).update(
            status=Status.REJECTED, report=report, content=b""
        )
        raise
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [APPLY_LOCK, batch.pk])


def import_batch_reset(*, batch: ImportBatch) -> ImportBatch:
    """A batch marked running that no process is applying goes back to previewed (nothing of it was written: the
    apply is one transaction). Returns the batch as it now is."""
    if batch.status == Status.RUNNING and not import_batch_running(batch):
        ImportBatch.objects.filter(pk=batch.pk, status=Status.RUNNING).update(status=Status.PREVIEWED, rows_done=0)
    batch.refresh_from_db()
    return batch


def import_batch_apply(*, batch: ImportBatch, by, background: bool | None = None) -> ImportBatch:
    """Apply a previewed batch. Large files are queued for the task worker; poll the batch for progress. A second
    confirm of the same batch (a double click) changes nothing and returns the batch as it is."""
    if batch.created_by_id != getattr(by, "pk", None):
        raise PermissionDenied(MSG_NOT_YOURS)
    batch = import_batch_reset(batch=batch)
    if background is None:
        background = batch.rows_total > settings.KB_IMPORT_BACKGROUND_ROWS
    to = Status.QUEUED if background else Status.RUNNING
    with transaction.atomic():  # the claim and the queued task commit together: a worker never sees one alone
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=Status.PREVIEWED).update(status=to, rows_done=0)
        if claimed and background:
            import_batch_apply_task.enqueue(batch.pk, by.pk)
    if not claimed:
        batch.refresh_from_db()
        if batch.status in (Status.QUEUED, Status.RUNNING, Status.APPLIED):
            return batch  # already confirmed: the first click's apply is the one that runs
        raise ValidationError(MSG_NOT_PREVIEWED.format(status=batch.get_status_display().lower()))
    batch.status = to
    return batch if background else _apply(batch, by, progress=None)


class PreviewOutdated(Exception):
    """Applying the file would do other than its preview said: the stored records changed in between."""


def _apply(batch: ImportBatch, by, progress) -> ImportBatch:
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [APPLY_LOCK, batch.pk])
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
                import_batch_reject(batch, rejected, bytes(batch.content))
            else:
                _expect_as_previewed(batch, report)  # or nothing of it is written
                batch.status = Status.APPLIED
                batch.applied_at = timezone.now()
                batch.totals = report.totals
                batch.report = _report_rows(report)
                batch.rows_done = sum(report.totals.values())
            batch.save(update_fields=["status", "applied_at", "totals", "report", "rows_done", "content"])
    except PreviewOutdated as outdated:
        import_batch_reject(batch, ImportRejected([ImportIssue(message=str(outdated))]), bytes(batch.content))
        batch.save(update_fields=["status", "report", "content"])
    return batch


def _expect_as_previewed(batch: ImportBatch, report: ImportReport) -> None:
    """The confirmed preview is what is applied: a row that would now be new, changed or unchanged otherwise, or
    change other values (someone edited the record, or added it, in between), stops the whole apply."""
    previewed = {row["row"]: (row["outcome"], row["diff"]) for row in batch.report}
    now = {row["row"]: (row["outcome"], row["diff"]) for row in _report_rows(report)}
    moved = sorted(number for number in previewed.keys() | now.keys() if previewed.get(number) != now.get(number))
    if moved or batch.totals != report.totals:
        rows = ", ".join(str(number) for number in moved[:PREVIEW_ROWS_NAMED])
        more = f" and {len(moved) - PREVIEW_ROWS_NAMED} more" if len(moved) > PREVIEW_ROWS_NAMED else ""
        raise PreviewOutdated(MSG_PREVIEW_OUTDATED.format(rows=f" (rows {rows}{more})" if moved else ""))


@task
def import_batch_apply_task(batch_id: int, user_id: int) -> None:
    """The task worker's apply of a queued batch. Nothing is written unless all of it is (one transaction); after a
    failure or a killed worker the batch is previewed again, so its owner can confirm it again."""
    if not ImportBatch.objects.filter(pk=batch_id, status=Status.QUEUED).update(status=Status.RUNNING):
        return  # no longer queued (deleted or applied meanwhile): nothing to do
    try:
        batch = ImportBatch.objects.get(pk=batch_id)

        def progress(done: int, total: int) -> None:
            # Written through the second connection: the import's own transaction is not committed yet.
            ImportBatch.objects.using("progress").filter(pk=batch_id).update(rows_done=done)

        _apply(batch, get_user_model().objects.get(pk=user_id), progress)
    except Exception:
        ImportBatch.objects.filter(pk=batch_id, status=Status.RUNNING).update(status=Status.PREVIEWED, rows_done=0)
        raise


def import_batches_prune(*, by, queryset=None) -> int:
    """Delete batches older than settings.KB_IMPORT_BATCH_RETENTION_DAYS (administrators; the rows they wrote stay,
    their history keeps the batch id). Returns how many were deleted."""
    if not by.has_perm("kb.delete_importbatch"):
        raise PermissionDenied
    cutoff = timezone.now() - dt.timedelta(days=settings.KB_IMPORT_BATCH_RETENTION_DAYS)
    queryset = (queryset if queryset is not None else ImportBatch.objects.all()).exclude(
        status__in=[Status.QUEUED, Status.RUNNING]
    )
    # A batch the task worker is reverting stays until the revert is done; its finished revert jobs go with it.
    queryset = queryset.exclude(revert_jobs__status__in=JOBS_PENDING)
    _, deleted = queryset.filter(created_at__lt=cutoff).delete()
    return deleted.get(ImportBatch._meta.label, 0)

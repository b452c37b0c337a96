"""Revert jobs: an import batch too large to undo within a web request (gunicorn gives a request 30 s; 250,000 new
records take about 40 s) is reverted by the task worker. The job reports the batch's writes undone of the total;
what it undoes is written in one transaction with the batch marked reverted, so a refusal (a record changed since)
or a failure writes nothing, records why, and can be retried."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from kb.models import ImportBatch, ImportBatchStatusChoices, JobStatusChoices, RevertJob
from kb.services.batch_revert import MSG_NOT_APPLIED, import_batch_revert
from kb.services.jobs import job_lock, job_progress, job_requeue, job_run
from kb.services.review import REVIEW_PERMISSION

Status = JobStatusChoices

MSG_NOT_ALLOWED = "Only staff with the permission to review records (reviewers, administrators) may revert imports."
MSG_PENDING = "This import is already being reverted."


def _may_revert(by) -> None:
    if by is None or not by.has_perm(f"kb.{REVIEW_PERMISSION}"):
        raise PermissionDenied(MSG_NOT_ALLOWED)


def revert_job_create(*, batch: ImportBatch, by) -> RevertJob:
    """Queue the revert of an applied batch (ValidationError if it is not applied or already queued), in the
    transaction that stores the job. Whether records changed since is checked when the worker runs it."""
    _may_revert(by)
    batch.refresh_from_db(fields=["status"])
    if batch.status != ImportBatchStatusChoices.APPLIED:
        raise ValidationError(MSG_NOT_APPLIED.format(status=batch.get_status_display().lower()))
    try:
        with transaction.atomic():
            job = RevertJob.objects.create(batch=batch, requested_by=by)
            revert_job_task.enqueue(job.pk)
    except IntegrityError:  # kb_revertjob_one_pending_per_batch: a second click, or another reviewer's
        raise ValidationError(MSG_PENDING) from None
    return job


@task
def revert_job_task(job_id: int) -> None:
    """The task worker's revert of a batch: all of it or nothing; a refusal or failure is recorded with its reason."""
    # A refusal (records changed since) is the job's outcome, not the worker's failure.
    job_run(RevertJob, job_id, _revert, outcomes=(ValidationError,))


@transaction.atomic
def _revert(job: RevertJob) -> None:
    seen = {"total": 0}

    def progress(done: int, total: int) -> None:
        seen["total"] = total
        job_progress(job, done, total)

    job_lock(job)
    counts = import_batch_revert(batch=job.batch, by=job.requested_by, progress=progress)
    RevertJob.objects.filter(pk=job.pk).update(
        status=Status.DONE, counts=counts, done=seen["total"], total=seen["total"], finished_at=timezone.now()
    )


def revert_job_retry(*, job: RevertJob, by) -> bool:
    """Queue a failed (or stopped) revert again, e.g. once the records changed since are dealt with (review
    permission). Whether it was queued."""
    _may_revert(by)
    try:
        return job_requeue(job, revert_job_task)
    except IntegrityError:  # another revert of the same batch was queued meanwhile
        return False

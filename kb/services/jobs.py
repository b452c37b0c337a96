"""The life of a background job (kb/models/jobs.py), shared by export, release and revert jobs: queued → running →
done or failed; a failed job can be queued again.

A job's work runs in one transaction that holds an advisory lock on the job, so a job marked running whose lock is
free has stopped (a killed worker, a database restart): nothing of it was written, and it is marked failed, to be
retried. Progress is written through the second connection ("progress"), outside that transaction, so the admin and
the API see it while the work runs."""

from django.db import connection, connections, transaction
from django.db.models import F, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext_noop

from kb.models import JobStatusChoices

Status = JobStatusChoices
PENDING = (Status.QUEUED, Status.RUNNING)  # a job the task worker has yet to finish

# Stored as it is, in English, like the other reasons of a failure (the messages of errors).
MSG_INTERRUPTED = gettext_noop("The task worker stopped before the job was done; nothing of it was written.")
# Advisory lock namespace of each kind of job (the second key is the job's id); imports use 0x4B42.
LOCKS = {"exportjob": 0x4B45, "releasejob": 0x4B52, "revertjob": 0x4B56}


def job_lock(job) -> None:
    """Hold the job's advisory lock until the current transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCKS[job._meta.model_name], job.pk])


def job_running(job) -> bool:
    """Whether a worker is working on `job` now (its transaction holds the job's lock)."""
    key = [LOCKS[job._meta.model_name], job.pk]
    with connections["progress"].cursor() as cursor:  # outside the caller's transaction: a fresh look
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        free = cursor.fetchone()[0]
        if free:  # taken only to test it: given back at once
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
    return not free


def job_settle(job):
    """A job marked running that no worker is working on is failed (nothing was written). Returns the job as it is."""
    if job.status == Status.RUNNING and not job_running(job):
        type(job).objects.filter(pk=job.pk, status=Status.RUNNING).update(
            status=Status.FAILED, error=MSG_INTERRUPTED, finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def job_claim(model, pk: int):
    """Move a queued job to running and return it; None when it is no longer queued (retried, deleted, done)."""
    if not model.objects.filter(pk=pk, status=Status.QUEUED).update(status=Status.RUNNING, done=0, error=""):
        return None
    return model.objects.get(pk=pk)


def job_run(model, job_id: int, work, *, outcomes: tuple[type[Exception], ...] = ()) -> None:
    """The task worker's run of a queued job: `work(job)` once the job is claimed (nothing when it is no longer
    queued: retried, deleted or done meanwhile). A failure is recorded with its reason, nothing of the work being
    written, and raised again for the worker's log, unless it is one of `outcomes` (a refusal the job reports)."""
    job = job_claim(model, job_id)
    if job is None:
        return
    try:
        work(job)
    except Exception as error:
        job_fail(job, job_failure_reason(error))
        if not isinstance(error, outcomes):
            raise


def job_progress(job, done: int, total: int | None = None) -> None:
    """Record how far the job is (through the progress connection: the work's transaction is not committed)."""
    # Rows added since the total was counted must not break the done <= total constraint: done stops at total.
    values = {"done": Least(Value(done), F("total"))} if total is None else {"done": min(done, total), "total": total}
    type(job).objects.using("progress").filter(pk=job.pk).update(**values)


def job_fail(job, reason: str) -> None:
    """Mark the job failed with its reason (the work's transaction was rolled back: nothing of it was written)."""
    type(job).objects.filter(pk=job.pk, status=Status.RUNNING).update(
        status=Status.FAILED, error=reason[:2000] or "?", finished_at=timezone.now(), done=0
    )


def job_failure_reason(error: Exception) -> str:
    """What a failed job shows: the messages of a ValidationError (e.g. a name taken meanwhile), else the error."""
    messages = getattr(error, "message_dict", None) or getattr(error, "detail", None)
    if isinstance(messages, dict):
        return "; ".join(f"{field}: {' '.join(map(str, m))}" for field, m in messages.items())
    return str(error) or type(error).__name__


def job_requeue(job, task) -> bool:
    """Queue a failed (or stopped) job again with `task` (called with the job's id), in the transaction that marks it
    queued. Returns whether it was queued (a job not failed is left as it is)."""
    job = job_settle(job)
    with transaction.atomic():
        queued = (
            type(job)
            .objects.filter(pk=job.pk, status=Status.FAILED)
            .update(status=Status.QUEUED, done=0, error="", finished_at=None)
        )
        if queued:
            task.enqueue(job.pk)
    return bool(queued)

"""Release jobs: publishing a release from the admin queues its packaging for the task worker, which reports the
resources written of the total. The release itself is stored only when its archive is complete, in the transaction
that marks the job done (release_publish); a failure stores nothing, records why, and can be retried."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from kb.models import JobStatusChoices, ReleaseJob
from kb.services.jobs import job_lock, job_requeue, job_run
from kb.services.releases import MSG_NOT_ALLOWED, release_check, release_publish, release_resources

Status = JobStatusChoices


def release_job_create(*, name: str, as_of: dt.datetime, title: str = "", by) -> ReleaseJob:
    """Queue the packaging of release `name` (checked now: a ValidationError per field), in the transaction that
    stores the job."""
    if not by.has_perm("kb.publish_release"):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    release_check(name=name, as_of=as_of)
    with transaction.atomic():
        job = ReleaseJob.objects.create(
            name=name, title=title, as_of=as_of, total=len(release_resources()), requested_by=by
        )
        release_job_task.enqueue(job.pk)
    return job


@task
def release_job_task(job_id: int) -> None:
    """The task worker's packaging of a release: all of it or nothing; a failure is recorded with its reason."""
    job_run(ReleaseJob, job_id, _package)


@transaction.atomic
def _package(job: ReleaseJob) -> None:
    job_lock(job)
    release = release_publish(name=job.name, as_of=job.as_of, title=job.title, by=job.requested_by, job=job)
    ReleaseJob.objects.filter(pk=job.pk).update(
        status=Status.DONE, release=release, done=job.total, finished_at=timezone.now()
    )


def release_job_retry(*, job: ReleaseJob, by) -> bool:
    """Queue a failed (or stopped) packaging again (publish_release permission). Whether it was queued."""
    if not by.has_perm("kb.publish_release"):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    return job_requeue(job, release_job_task)

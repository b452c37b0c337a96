"""Export jobs: a whole filtered list of an API resource, written as a file by the task worker.

The job runs the list route's own view (found by its URL: its visibility for the requester, its filters, its order)
and its own download writer, so the file has the bytes the streamed download of the same filters would have. The
file is written to a temporary file first and stored under its name only when complete, in the transaction that
marks the job done; a failed or stopped job leaves no file. Files expire after KB_EXPORT_RETENTION_DAYS."""

import datetime as dt
import re
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, QueryDict
from django.tasks import task
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kb.models import ExportFormatChoices, ExportJob, JobStatusChoices
from kb.services.jobs import job_lock, job_progress, job_requeue, job_run

Status = JobStatusChoices

MSG_RESOURCE = _("No list of that name offers downloads; use a route of /api/v1/, e.g. casualties.")
MSG_FORMAT = _("This list is not offered as {format}; use one of: {formats}.")
MSG_AS_OF = _("A background export is of the data as it is now; as_of is not taken here.")
MSG_LANGUAGE = _("Use one of: {languages}.")
MSG_SIGN_IN = _("Only a signed-in partner or staff member may ask for an export.")
MSG_NOT_YOURS = _("Only the requester or an administrator may retry this export.")
SUFFIXES = {"csv": ".csv", "hxl": "-hxl.csv", "xlsx": ".xlsx"}


def _list_view(*, resource: str, query: str, fmt: str, user):
    """The list route's view of `resource` as it would answer `user`'s GET of `query` in `fmt` (its parameter checks
    run: a filter it refuses is refused here). Returns the view, ready for `filter_queryset` and `export_write`."""
    if user is None or not user.is_active:  # a requester deleted or deactivated since: nothing is built for nobody
        raise PermissionDenied(MSG_SIGN_IN)
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,39}", resource or ""):
        raise ValidationError({"resource": MSG_RESOURCE})
    path = f"{reverse('api-root')}{resource}/"
    try:
        func = resolve(path).func
    except Resolver404:
        raise ValidationError({"resource": MSG_RESOURCE}) from None
    actions = getattr(func, "actions", None) or {}
    if actions.get("get") != "list" or not hasattr(func.cls, "export_write"):
        raise ValidationError({"resource": MSG_RESOURCE})
    params = QueryDict(query, mutable=True)
    if "as_of" in params:
        raise ValidationError({"as_of": MSG_AS_OF})
    if params.get("lang", settings.LANGUAGE_CODE) not in dict(settings.LANGUAGES):
        raise ValidationError({"lang": MSG_LANGUAGE.format(languages=", ".join(dict(settings.LANGUAGES)))})
    params["format"] = fmt
    http = HttpRequest()
    http.method, http.path, http.GET, http.user = "GET", path, params, user
    http.META = {"QUERY_STRING": params.urlencode(), "SERVER_NAME": "localhost", "SERVER_PORT": "80"}
    view = func.cls(**func.initkwargs)
    view.action_map, view.args, view.kwargs, view.format_kwarg = actions, (), {}, None
    view.get = view.list  # as the router's view binds it (the parameter checks look for it)
    view.throttle_classes = ()  # the request for the job was counted; its build is not another
    view.request = request = view.initialize_request(http)
    view.headers = view.default_response_headers
    view.initial(request)
    view._check_page_parameters(request)  # malformed paging or field selection: refused as the download refuses it
    if not view.streams(fmt):
        raise ValidationError({"format": MSG_FORMAT.format(format=fmt, formats=", ".join(ExportFormatChoices))})
    return view


def export_job_create(*, resource: str, fmt: str, query: str, by) -> ExportJob:
    """Queue an export of the list `resource` filtered by `query` (a query string) in `fmt`, for `by`. The filters
    are checked now (a ValidationError names the one refused); the task is queued in the transaction that stores
    the job, so the worker never sees one without the other."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied(MSG_SIGN_IN)
    if fmt not in ExportFormatChoices.values:
        raise ValidationError({"format": MSG_FORMAT.format(format=fmt, formats=", ".join(ExportFormatChoices))})
    view = _list_view(resource=resource, query=query, fmt=fmt, user=by)
    total = view.filter_queryset(view.get_queryset()).count()
    with transaction.atomic():
        job = ExportJob.objects.create(resource=resource, format=fmt, query=query, total=total, requested_by=by)
        export_job_task.enqueue(job.pk)
    return job


def _build(job: ExportJob) -> None:
    # In the language the filters name (`lang`), else the default one, as the download without Accept-Language.
    with translation.override(QueryDict(job.query).get("lang") or settings.LANGUAGE_CODE):
        _write(job)


def _write(job: ExportJob) -> None:
    view = _list_view(resource=job.resource, query=job.query, fmt=job.format, user=job.requested_by)
    queryset = view.filter_queryset(view.get_queryset())
    job_progress(job, 0, queryset.count())  # the rows now, which may differ from the rows when it was asked for
    written = [0]

    def progress(rows: int) -> None:
        written[0] = rows
        job_progress(job, rows)

    storage, name = job.file.storage, None
    try:
        with tempfile.TemporaryFile() as output, transaction.atomic():
            job_lock(job)
            view.export_write(queryset, job.format, output, progress=progress)
            size = output.tell()
            output.seek(0)
            name = storage.save(f"exports/{job.resource}-{job.pk}{SUFFIXES[job.format]}", File(output))
            finished = timezone.now()
            ExportJob.objects.filter(pk=job.pk).update(
                status=Status.DONE,
                file=name,
                size=size,
                done=written[0],
                total=written[0],
                finished_at=finished,
                expires_at=finished + dt.timedelta(days=settings.KB_EXPORT_RETENTION_DAYS),
            )
    except BaseException:
        if name is not None:  # stored, but the job did not commit: the file goes too
            storage.delete(name)
        raise


@task
def export_job_task(job_id: int) -> None:
    """The task worker's build of an export job: all of the file or none of it; a failure is recorded with its
    reason (and can be retried)."""
    job_run(ExportJob, job_id, _build)


def export_job_retry(*, job: ExportJob, by) -> bool:
    """Queue a failed (or stopped) export again; its requester or an administrator may. Whether it was queued."""
    if job.requested_by_id != by.pk and not by.has_perm("kb.change_exportjob"):
        raise PermissionDenied(MSG_NOT_YOURS)
    return job_requeue(job, export_job_task)


def export_jobs_expired(*, now: dt.datetime | None = None):
    """Finished exports past their expiry, and failed ones as old as KB_EXPORT_RETENTION_DAYS."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.KB_EXPORT_RETENTION_DAYS)
    return ExportJob.objects.filter(
        Q(status=Status.DONE, expires_at__lt=now) | Q(status=Status.FAILED, created_at__lt=cutoff)
    )


def export_jobs_prune(*, now: dt.datetime | None = None) -> int:
    """Delete expired export jobs (export_jobs_expired) with their files. Returns how many were deleted."""
    count = 0
    for job in export_jobs_expired(now=now):
        if job.file:
            job.file.storage.delete(job.file.name)
        job.delete()
        count += 1
    return count

"""Releases: publish a dated snapshot of every public resource as a Frictionless Data Package, and compare two.

The snapshot is read from the history (kb/services/history.py), so a release may freeze any past moment; the CSVs
are written by the same code as the API's CSV downloads (kb/services/exports.py) and described by the data
dictionary (kb/services/data_dictionary.py)."""

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kb.choices import ReviewStatusChoices
from kb.models import Release, ReleaseJob, Source
from kb.models.releases import RELEASE_NAME_PATTERN
from kb.selectors.settled import settled_before
from kb.services.data_dictionary import table_schema
from kb.services.exports import rows_export_copy_sql, rows_export_stream
from kb.services.history import rows_as_of, snapshot_prepare
from kb.services.imports.registry import RESOURCES
from kb.services.jobs import PENDING, job_progress
from kb.services.licence import citation_text, data_licence

PACKAGE_NAME = "landmine-impact-kb"
MSG_NAME_FORMAT = "Use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. 2026-12)."
MSG_NAME_TAKEN = "A release named {name!r} already exists; a published release never changes: choose another name."
MSG_NAME_PENDING = _(
    "A release named {name!r} is being packaged by the task worker; wait for it, or choose another name."
)
MSG_FUTURE = "A release freezes a moment that has passed: {as_of} is in the future."
MSG_UNSETTLED = (
    "Changes made before {as_of} may still appear: a transaction open since {settled} has not ended (a long import). "
    "Publish the release once it has, or choose an earlier moment."
)
MSG_NOT_ALLOWED = "Only staff with the permission to publish releases (reviewers, administrators) may publish one."


def release_resources() -> list[str]:
    """Every public resource: reference tables, treaty records, statistics, programmes (the CSV resources)."""
    return list(RESOURCES)


def release_snapshot(*, resource: str, at: dt.datetime) -> models.QuerySet:
    """History snapshots of the rows of `resource` the public could see at `at`, in record id order: reviewable
    records that were published then, reference rows that existed then (sources: the reviewed ones)."""
    model = RESOURCES[resource]._meta.model
    rows = rows_as_of(model, at)
    if any(field.name == "status" for field in model._meta.concrete_fields):
        rows = rows.filter(status=ReviewStatusChoices.PUBLISHED)
    if model is Source:
        rows = rows.filter(reviewed=True)
    return rows.order_by("pgh_obj_id")


class _Prepared:
    """A snapshot queryset for the row-by-row CSV writer: each snapshot gets what record exports read."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.model = queryset.model

    def select_related(self, *fields):
        return _Prepared(self.queryset.select_related(*fields))

    def iterator(self, chunk_size: int):
        for snapshot in self.queryset.iterator(chunk_size=chunk_size):
            snapshot_prepare(snapshot)
            yield snapshot


def _csv(resource: str, snapshots) -> bytes:
    if rows_export_copy_sql(resource, snapshots) is not None:
        chunks = rows_export_stream(resource=resource, queryset=snapshots)
    else:
        chunks = rows_export_stream(resource=resource, queryset=_Prepared(snapshots), sql=False)
    return "".join(chunks).encode("utf-8")


@dataclass
class ReleaseBuild:
    archive: bytes
    datapackage: dict
    records: dict[str, dict[str, int]]


def _readme(*, name: str, title: str, as_of: dt.datetime, descriptor: dict) -> str:
    licence = data_licence()
    lines = [
        f"# {title or name}",
        "",
        f"Release {name} of the landmine-impact knowledge base: every public resource as published at "
        f"{as_of.isoformat()}.",
        "",
        "## How to cite",
        "",
        descriptor["citation"],
        "",
        "## Licence",
        "",
        f"{licence.title} ({licence.name}): {licence.url}",
        "",
        "## Contents",
        "",
        "datapackage.json describes every file (Frictionless Data Package; columns as Table Schemas). Check the files",
        "with `sha256sum -c SHA256SUMS` or `frictionless validate datapackage.json`.",
        "",
        *[f"- {r['path']}: {r['title']} ({r['rows']} rows)" for r in descriptor["resources"]],
        "",
    ]
    return "\n".join(lines)


def release_build(
    *, name: str, title: str, as_of: dt.datetime, published_at: dt.datetime, progress=None
) -> ReleaseBuild:
    """The archive of a release: datapackage.json, data/<resource>.csv, SHA256SUMS and README.md (licence and
    citation). Its bytes depend only on the data and the arguments (fixed file dates), so a rebuild can be compared.
    `progress(done, total)`, if given, hears after each resource how many of them are written."""
    with translation.override("en"):
        return _build(name=name, title=title, as_of=as_of, published_at=published_at, progress=progress)


def _build(*, name: str, title: str, as_of: dt.datetime, published_at: dt.datetime, progress) -> ReleaseBuild:
    licence = data_licence()
    files: dict[str, bytes] = {}
    resources, records = [], {}
    names = release_resources()
    for done, resource in enumerate(names, 1):
        snapshots = release_snapshot(resource=resource, at=as_of)
        content = _csv(resource, snapshots)
        path = f"data/{resource}.csv"
        files[path] = content
        schema = table_schema(resource=resource)
        records[resource] = {str(obj): state for obj, state in snapshots.values_list("pgh_obj_id", "pgh_id")}
        resources.append(
            {
                "name": resource,
                "title": schema["title"],
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(content),
                "hash": f"sha256:{hashlib.sha256(content).hexdigest()}",
                "rows": len(records[resource]),
                "schema": schema,
            }
        )
        if progress is not None:
            progress(done, len(names))
    descriptor = {
        "profile": "tabular-data-package",
        "name": f"{PACKAGE_NAME}-{name}",
        "title": title or f"Landmine-impact knowledge base, release {name}",
        "version": name,
        "created": published_at.isoformat(),
        "asOf": as_of.isoformat(),
        "licenses": [licence.as_package_licence()],
        "citation": citation_text(release=name),  # in English: the archive is one file for everyone
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")
    files["README.md"] = _readme(name=name, title=title, as_of=as_of, descriptor=descriptor).encode("utf-8")
    sums = "".join(f"{hashlib.sha256(content).hexdigest()}  {path}\n" for path, content in sorted(files.items()))
    files["SHA256SUMS"] = sums.encode("utf-8")
    return ReleaseBuild(archive=_zip(name, files, published_at), datapackage=descriptor, records=records)


def _zip(name: str, files: dict[str, bytes], stamp: dt.datetime) -> bytes:
    buffer = io.BytesIO()
    date_time = stamp.astimezone(dt.UTC).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            info = zipfile.ZipInfo(f"{PACKAGE_NAME}-{name}/{path}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def release_check(*, name: str, as_of: dt.datetime, job: ReleaseJob | None = None) -> None:
    """ValidationError (per field) when a release cannot be published under this name and moment (`job`: the
    packaging of this very release, which does not count as another one under way)."""
    errors = {}
    pending = ReleaseJob.objects.filter(name=name, status__in=PENDING)
    if not re.fullmatch(RELEASE_NAME_PATTERN, name or ""):
        errors["name"] = MSG_NAME_FORMAT
    elif Release.objects.filter(name=name).exists():
        errors["name"] = MSG_NAME_TAKEN.format(name=name)
    elif pending.exclude(pk=getattr(job, "pk", None)).exists():
        errors["name"] = MSG_NAME_PENDING.format(name=name)
    if as_of > timezone.now():
        errors["as_of"] = MSG_FUTURE.format(as_of=as_of.isoformat())
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def release_publish(
    *, name: str, as_of: dt.datetime | None = None, title: str = "", by=None, job: ReleaseJob | None = None
) -> Release:
    """Build and store a release of every public resource as published at `as_of` (default: now). `by` None is a
    command run by an operator; a user needs the publish_release permission. The release is written at the end, once
    its archive is complete (kb/services/release_jobs.py runs this in the task worker, reporting to `job`)."""
    if by is not None and not by.has_perm("kb.publish_release"):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    published_at = timezone.now()
    # A release holds every change stamped up to `as_of`: only a settled moment has all of them committed, so that
    # no transaction still open adds one to the history after the archive was built (kb/selectors/settled.py).
    settled = settled_before()
    as_of = as_of or min(published_at, settled - dt.timedelta(microseconds=1))
    release_check(name=name, as_of=as_of, job=job)
    if as_of >= settled:
        raise ValidationError({"as_of": MSG_UNSETTLED.format(as_of=as_of.isoformat(), settled=settled.isoformat())})
    progress = (lambda done, total: job_progress(job, done, total)) if job is not None else None
    build = release_build(name=name, title=title, as_of=as_of, published_at=published_at, progress=progress)
    release = Release(
        name=name,
        title=title,
        as_of=as_of,
        published_at=published_at,
        published_by=getattr(by, "username", "") or "",
        archive=build.archive,
        archive_sha256=hashlib.sha256(build.archive).hexdigest(),
        datapackage=build.datapackage,
        records=build.records,
    )
    release.full_clean()
    release.save()
    return release


def release_diff(*, old: Release, new: Release) -> dict[str, dict[str, list[int]]]:
    """Per resource, the record ids `new` adds to `old`, those whose released state differs, and those it no longer
    holds (retracted, deleted or no longer public)."""
    diff = {}
    known = release_resources()  # in the archive's order; then any resource a past release had and this one lacks
    for resource in sorted(
        {*old.records, *new.records}, key=lambda r: (known.index(r) if r in known else len(known), r)
    ):
        before, after = old.records.get(resource, {}), new.records.get(resource, {})
        diff[resource] = {
            "added": sorted(int(pk) for pk in after.keys() - before.keys()),
            "changed": sorted(int(pk) for pk in after.keys() & before.keys() if after[pk] != before[pk]),
            "retracted": sorted(int(pk) for pk in before.keys() - after.keys()),
        }
    return diff

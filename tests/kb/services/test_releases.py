"""Releases: a frozen as-of snapshot of every public resource as a valid Data Package; diffs between two."""

import csv
import datetime as dt
import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kb.choices import ReviewStatusChoices
from kb.models import CasualtyRecord, Release
from kb.services.history import event_model_for, tracked_models
from kb.services.releases import MSG_FUTURE, MSG_NAME_TAKEN, release_diff, release_publish
from tests.factories import CasualtyRecordFactory

pytestmark = pytest.mark.django_db


def files_of(release: Release) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(bytes(release.archive)))
    return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def csv_rows(release: Release, resource: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files_of(release)[f"data/{resource}.csv"].decode())))


def test_archive_is_a_valid_frictionless_data_package(tmp_path):
    release = release_publish(name="2026-12", title="December 2026")
    with zipfile.ZipFile(io.BytesIO(bytes(release.archive))) as archive:
        archive.extractall(tmp_path)
    package = tmp_path / "landmine-impact-kb-2026-12" / "datapackage.json"
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [frictionless, "validate", "--json", package.name], cwd=package.parent, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert '"valid": true' in result.stdout


def test_archive_holds_licence_citation_and_checksums():
    release = release_publish(name="2026-12")
    files = files_of(release)
    assert {"datapackage.json", "README.md", "SHA256SUMS", "data/casualties.csv", "data/areas.csv"} <= set(files)
    for line in files["SHA256SUMS"].decode().splitlines():
        digest, path = line.split("  ")
        assert hashlib.sha256(files[path]).hexdigest() == digest
    assert release.datapackage["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 International",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ]
    assert "release 2026-12" in release.datapackage["citation"]
    assert "release 2026-12" in files["README.md"].decode()
    assert release.archive_sha256 == hashlib.sha256(bytes(release.archive)).hexdigest()


def test_only_published_records_are_released():
    published = CasualtyRecordFactory(total=111)
    draft = CasualtyRecordFactory(total=222, status=ReviewStatusChoices.DRAFT, is_preferred=False)
    release = release_publish(name="r1")
    ids = release.records["casualties"]
    assert str(published.pk) in ids and str(draft.pk) not in ids
    totals = [row["total"] for row in csv_rows(release, "casualties")]
    assert "111" in totals and "222" not in totals


def _after(moment: dt.datetime) -> None:
    """Move this transaction's history events (PostgreSQL's now() stands still in a test) to after `moment`."""
    with connection.cursor() as cursor:
        for model in tracked_models():
            cursor.execute(
                f"UPDATE {event_model_for(model)._meta.db_table} SET pgh_created_at = %s WHERE pgh_created_at >= now()",
                [moment + dt.timedelta(minutes=1)],
            )


def test_a_past_as_of_releases_what_was_published_then():
    record = CasualtyRecordFactory(total=500)
    moment = timezone.now()
    _after(moment - dt.timedelta(minutes=2))  # the record existed before the moment
    CasualtyRecord.objects.filter(pk=record.pk).update(total=900)
    _after(moment)  # the change came after it
    release = release_publish(name="then", as_of=moment)
    [row] = [row for row in csv_rows(release, "casualties") if row["source"] == record.source.slug]
    assert row["total"] == "500"


def test_a_moment_a_transaction_still_open_may_add_changes_to_is_not_released(second_connection):
    """An import open since T stamps its changes T but commits later: a release as of T or after would miss them."""
    second_connection.execute("BEGIN")
    second_connection.execute("SELECT 1")
    opened = second_connection.execute("SELECT now()").fetchone()[0]
    with pytest.raises(ValidationError) as refused:
        release_publish(name="too-soon", as_of=timezone.now())
    assert "a transaction open since" in refused.value.message_dict["as_of"][0]
    release = release_publish(name="settled")  # by default: the latest settled moment
    assert release.as_of < opened
    second_connection.execute("COMMIT")


def test_diff_lists_added_changed_and_retracted_records():
    kept, changed, retracted = CasualtyRecordFactory(), CasualtyRecordFactory(), CasualtyRecordFactory()
    first = release_publish(name="first")
    CasualtyRecord.objects.filter(pk=changed.pk).update(total=99)
    CasualtyRecord.objects.filter(pk=retracted.pk).update(status="retracted", retraction_reason="wrong country")
    added = CasualtyRecordFactory()
    second = release_publish(name="second")
    diff = release_diff(old=first, new=second)["casualties"]
    assert diff == {"added": [added.pk], "changed": [changed.pk], "retracted": [retracted.pk]}
    assert kept.pk not in diff["changed"]
    # the new record's country (a factory's) is new too; nothing else moved
    assert release_diff(old=first, new=second)["areas"] == {"added": [added.area.pk], "changed": [], "retracted": []}
    assert release_diff(old=first, new=second)["treaties"] == {"added": [], "changed": [], "retracted": []}


def test_a_published_release_cannot_be_changed_or_deleted():
    release = release_publish(name="frozen")
    for change in (
        lambda: Release.objects.filter(pk=release.pk).update(archive=b"other bytes"),
        lambda: Release.objects.filter(pk=release.pk).update(title="renamed"),
        lambda: Release.objects.filter(pk=release.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert bytes(Release.objects.get(pk=release.pk).archive) == bytes(release.archive)


def test_a_name_is_used_once_and_as_of_cannot_be_in_the_future():
    release_publish(name="2026-12")
    with pytest.raises(ValidationError) as taken:
        release_publish(name="2026-12")
    assert taken.value.message_dict["name"] == [MSG_NAME_TAKEN.format(name="2026-12")]
    future = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as later:
        release_publish(name="2027-01", as_of=future)
    assert later.value.message_dict["as_of"] == [MSG_FUTURE.format(as_of=future.isoformat())]
    with pytest.raises(ValidationError):
        release_publish(name="Not A Name!")


def test_publishing_needs_the_publish_permission(editor, reviewer):
    with pytest.raises(PermissionDenied):
        release_publish(name="by-editor", by=editor)
    assert release_publish(name="by-reviewer", by=reviewer).published_by == reviewer.username

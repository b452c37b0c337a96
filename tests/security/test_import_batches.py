"""Imports that cannot get stuck (finding 11) and batches that can be deleted after the retention period (finding 8)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from kb.models import CasualtyRecord, ImportBatch
from kb.services.imports.batches import import_batch_apply, import_batch_preview, import_batches_prune

pytestmark = pytest.mark.django_db

GOOD = (Path(__file__).parent.parent / "data" / "casualties-good.csv").read_bytes()


@pytest.fixture
def batch(admin_user):
    return import_batch_preview(resource="casualties", content=GOOD, filename="good.csv", by=admin_user)


@pytest.mark.django_db(databases=["default", "progress"])
def test_m11_a_batch_left_running_by_a_stopped_worker_is_reset_and_can_be_applied(batch, admin_user, admin_client):
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")  # the worker died mid-apply
    page = admin_client.get(reverse("admin:kb_importbatch_change", args=[batch.pk]))
    assert page.context["batch"].status == "previewed" and page.context["can_apply"] is True
    applied = import_batch_apply(batch=ImportBatch.objects.get(pk=batch.pk), by=admin_user, background=False)
    assert (applied.status, applied.totals["new"]) == ("applied", 4)
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 4


@pytest.mark.django_db(databases=["default", "progress"])
def test_m11_a_running_apply_is_not_reset(batch, second_connection):
    from kb.services.imports.batches import APPLY_LOCK, import_batch_reset, import_batch_running

    second_connection.execute("SELECT pg_advisory_lock(%s, %s)", [APPLY_LOCK, batch.pk])  # a worker applying it
    assert import_batch_running(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    assert import_batch_reset(batch=batch).status == "running"


def test_m11_a_triple_clicked_confirm_applies_once_and_says_so(batch, admin_user):
    clicks = [ImportBatch.objects.get(pk=batch.pk) for _ in range(3)]  # three requests read the batch at once
    outcomes = [import_batch_apply(batch=click, by=admin_user, background=False) for click in clicks]
    assert [o.status for o in outcomes] == ["applied", "applied", "applied"]
    batch.refresh_from_db()
    assert (batch.status, batch.totals) == ("applied", {"new": 4, "changed": 0, "unchanged": 0})
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 4


def test_m8_rejected_files_are_not_stored(admin_user):
    rejected = import_batch_preview(
        resource="casualties", content=b"nonsense;x\n1;2\n", filename="b.csv", by=admin_user
    )
    # what is kept is the error report (the refused rows with a message column), never the upload itself
    assert rejected.status == "rejected" and bytes(rejected.content) != b"nonsense;x\n1;2\n"
    assert bytes(rejected.content).decode("utf-8-sig").splitlines()[0] == "nonsense;x;message"


def test_m8_administrators_delete_batches_past_the_retention_period(batch, admin_user, editor, settings):
    settings.KB_IMPORT_BATCH_RETENTION_DAYS = 30
    old = import_batch_preview(resource="casualties", content=GOOD, filename="old.csv", by=admin_user)
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    with pytest.raises(PermissionDenied):
        import_batches_prune(by=editor)
    assert import_batches_prune(by=admin_user) == 1
    assert not ImportBatch.objects.filter(pk=old.pk).exists()
    assert ImportBatch.objects.filter(pk=batch.pk).exists()  # within the retention period


def _kb_import_with(monkeypatch, during):
    """kb_import of the good file, with `during(batch)` run where the rows would be imported."""
    from django.core.management import call_command

    def rows_import(**kwargs):
        return during(ImportBatch.objects.get(pk=kwargs["batch_id"]))

    monkeypatch.setattr("kb.management.commands.kb_import.rows_import", rows_import)
    path = Path(__file__).parent.parent / "data" / "casualties-good.csv"
    call_command("kb_import", "casualties", str(path), verbosity=0)


@pytest.mark.django_db(databases=["default", "progress"])
def test_a_command_import_under_way_is_not_reset_by_a_page_view(monkeypatch):
    from kb.services.imports.batches import import_batch_reset

    seen = []

    def during(batch):
        seen.append(import_batch_reset(batch=batch).status)  # what the batch's admin page does on every view
        raise KeyboardInterrupt  # then the operator stops the command

    with pytest.raises(KeyboardInterrupt):
        _kb_import_with(monkeypatch, during)
    batch = ImportBatch.objects.latest("created_at")
    assert seen == ["running"]
    assert (batch.status, bytes(batch.content)) == ("rejected", b"")
    assert batch.report[0]["message"].startswith("The import stopped before it finished, and nothing was written")


def test_a_file_the_command_rejects_keeps_its_refused_rows_with_messages_not_the_file(tmp_path):
    from django.core.management import CommandError, call_command

    from kb.services.imports.batches import import_batch_error_report

    bad = tmp_path / "bad.csv"
    bad.write_bytes(GOOD.replace(b"XKX,2021", b"XXX,2021", 1))
    with pytest.raises(CommandError):
        call_command("kb_import", "casualties", str(bad), verbosity=0)
    batch = ImportBatch.objects.latest("created_at")
    assert batch.status == "rejected" and batch.report[0]["outcome"] == "error"
    report, name = import_batch_error_report(batch=batch)
    assert name.endswith("-errors.csv") and b"message" in report.splitlines()[0] and b"XXX" in report
    assert bytes(batch.content) != GOOD

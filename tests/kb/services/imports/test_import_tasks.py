"""Big files are applied by the task worker (`manage.py db_worker`): confirming queues the batch in the same
transaction, the worker applies it all or nothing with its history, and a second confirm queues nothing more."""

from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from kb.models import CasualtyRecord, ImportBatch
from kb.services.imports import rows_import
from kb.services.imports.batches import import_batch_apply, import_batch_apply_task, import_batch_preview

pytestmark = pytest.mark.django_db(databases=["default", "progress"])

GOOD = (Path(__file__).parents[3] / "data" / "casualties-good.csv").read_bytes()


@pytest.fixture
def batch(admin_user):
    return import_batch_preview(resource="casualties", content=GOOD, filename="good.csv", by=admin_user)


@pytest.fixture
def work(run_tasks):
    return run_tasks


def test_a_big_file_waits_in_the_queue_until_the_worker_applies_it(batch, admin_user, admin_client, settings, work):
    settings.KB_IMPORT_BACKGROUND_ROWS = 2  # the file's four rows count as big
    queued = import_batch_apply(batch=batch, by=admin_user)
    assert queued.status == "queued"
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 0
    assert DBTaskResult.objects.ready().count() == 1
    assert "kb_tasks_waiting 1.0" in admin_client.get("/metrics").content.decode()

    work()

    batch.refresh_from_db()
    assert (batch.status, batch.totals["new"], batch.rows_done) == ("applied", 4, 4)
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 4
    [done] = DBTaskResult.objects.all()
    assert done.status == "SUCCESSFUL"
    record = CasualtyRecord.objects.filter(area__code="XKX").first()
    assert record.events.get(pgh_label="insert").pgh_context.metadata["batch"] == batch.pk


def test_a_second_confirm_of_a_queued_batch_queues_nothing_more(batch, admin_user, settings):
    settings.KB_IMPORT_BACKGROUND_ROWS = 2
    import_batch_apply(batch=batch, by=admin_user)
    again = import_batch_apply(batch=ImportBatch.objects.get(pk=batch.pk), by=admin_user)
    assert again.status == "queued"
    assert DBTaskResult.objects.count() == 1


def test_a_queued_task_for_a_batch_no_longer_queued_writes_nothing(batch, admin_user):
    ImportBatch.objects.filter(pk=batch.pk).update(status="previewed")
    import_batch_apply_task.call(batch.pk, admin_user.pk)
    batch.refresh_from_db()
    assert batch.status == "previewed"
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 0


def test_the_admin_page_of_a_queued_batch_shows_progress_and_refreshes(batch, admin_user, admin_client, settings):
    settings.KB_IMPORT_BACKGROUND_ROWS = 2
    import_batch_apply(batch=batch, by=admin_user)
    page = admin_client.get(f"/admin/kb/importbatch/{batch.pk}/change/")
    assert page.context["running"] is True
    assert b'http-equiv="refresh"' in page.content
    assert "Queued for the task worker" in page.content.decode()


def test_a_queued_import_failing_partway_writes_nothing_and_is_confirmed_again(
    batch, admin_user, admin_client, settings, work, monkeypatch
):
    from kb.services.imports import batches

    real = batches.rows_import

    def failing(**kwargs):
        real(**kwargs)  # every row written inside the apply's transaction...
        raise OSError("the worker's disk is full")  # ...then the apply fails

    settings.KB_IMPORT_BACKGROUND_ROWS = 2
    import_batch_apply(batch=batch, by=admin_user)
    monkeypatch.setattr(batches, "rows_import", failing)
    work()

    batch.refresh_from_db()
    assert (batch.status, batch.rows_done) == ("previewed", 0)
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 0
    [failed] = DBTaskResult.objects.all()
    assert failed.status == "FAILED"  # the reason, with its traceback, is in the admin's task results
    page = admin_client.get(f"/admin/kb/importbatch/{batch.pk}/change/")
    assert page.context["can_apply"] is True  # "Confirm import" retries it

    monkeypatch.setattr(batches, "rows_import", real)
    admin_client.post(f"/admin/kb/importbatch/{batch.pk}/apply/")
    work()
    batch.refresh_from_db()
    assert (batch.status, batch.rows_done) == ("applied", 4)
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 4


def test_a_batch_left_running_by_a_killed_worker_is_previewed_again_with_nothing_written(
    batch, admin_user, admin_client, settings
):
    settings.KB_IMPORT_BACKGROUND_ROWS = 2
    import_batch_apply(batch=batch, by=admin_user)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", rows_done=2)  # claimed, then killed
    page = admin_client.get(f"/admin/kb/importbatch/{batch.pk}/change/")
    assert (page.context["batch"].status, page.context["batch"].rows_done) == ("previewed", 0)
    assert page.context["can_apply"] is True
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 0


def test_a_record_added_after_the_preview_stops_the_apply_with_the_rows_named(batch, admin_user):
    """The preview showed four new figures; someone added the first of them (with another total) before the
    confirm. Applying would now change that record, not add it: nothing is written and the uploader is told why."""
    header, hxl, first, *_ = GOOD.split(b"\n")
    added = b"\n".join([header, hxl, first.replace(b",41,", b",45,")])
    rows_import(resource="casualties", content=added, filename="added-meanwhile.csv")
    applied = import_batch_apply(batch=batch, by=admin_user)
    assert applied.status == "rejected"
    [issue] = applied.report
    assert issue["message"].startswith("The stored records changed after the preview (rows 3), so the file would not")
    assert list(CasualtyRecord.objects.filter(area__code="XKX").values_list("total", flat=True)) == [45]

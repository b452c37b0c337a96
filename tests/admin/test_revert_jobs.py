"""Reverting a large import from the admin: beyond KB_IMPORT_BACKGROUND_ROWS the revert is queued for the task worker
(a request would time out), which undoes all of it or nothing; the reviewer follows it, sees a refusal's reason on
the job and the batch, and retries it."""

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pghistory
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kb.models import CasualtyRecord, ImportBatch, RevertJob
from kb.services.history import record_history_list
from kb.services.imports.batches import import_batches_prune
from kb.services.jobs import LOCKS
from kb.services.revert_jobs import revert_job_create
from tests.admin.test_messages import said

pytestmark = pytest.mark.django_db(databases=["default", "progress"])

DATA = Path(__file__).resolve().parents[1] / "data"


class _Links(HTMLParser):
    """The targets of the page's links that have text of their own; a link opened inside another fails."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.named: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            assert not self.open, f"a link inside the link to {self.open[-1]}"
            self.open.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag == "a" and self.open:
            self.open.pop()

    def handle_data(self, data):
        if self.open and data.strip():
            self.named.add(self.open[-1])


def links_in(html: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    return parser.named


@pytest.fixture
def big_batch(settings):
    settings.KB_IMPORT_BACKGROUND_ROWS = 2  # the file's four rows count as big
    call_command("kb_import", "casualties", str(DATA / "casualties-good.csv"), verbosity=0)
    return ImportBatch.objects.latest("created_at")


def revert(client, batch):
    return client.post(
        reverse("admin:kb_importbatch_changelist"), {"action": "revert_batches", "_selected_action": [batch.pk]}
    )


def test_a_large_import_is_reverted_by_the_task_worker(
    admin_client, admin_user, big_batch, run_tasks, second_connection
):
    response = revert(admin_client, big_batch)
    [job] = RevertJob.objects.all()
    [message] = said(response)
    assert f"{big_batch.filename}: too large to revert at once, queued for the task worker." in message
    assert reverse("admin:kb_revertjob_change", args=[job.pk]) in message
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 4  # nothing undone yet
    page = admin_client.get(reverse("admin:kb_importbatch_change", args=[big_batch.pk])).content.decode()
    assert "Queued for the task worker" in page
    assert 'http-equiv="refresh"' in page  # the batch page follows the revert too
    RevertJob.objects.filter(pk=job.pk).update(status="running", done=1, total=4)
    second_connection.execute("SELECT pg_advisory_lock(%s, %s)", [LOCKS["revertjob"], job.pk])  # a worker's
    page = admin_client.get(reverse("admin:kb_importbatch_change", args=[big_batch.pk])).content.decode()
    assert '<progress max="4" value="1"></progress> 1 / 4' in page
    second_connection.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCKS["revertjob"], job.pk])
    RevertJob.objects.filter(pk=job.pk).update(status="queued", done=0, total=0)
    assert b'http-equiv="refresh"' in admin_client.get(reverse("admin:kb_revertjob_change", args=[job.pk])).content

    run_tasks()

    job.refresh_from_db()
    big_batch.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 4, 4)
    assert job.counts == {"deleted": 4, "restored": 0, "recreated": 0}
    assert big_batch.status == "reverted"
    assert big_batch.reverted_by == job.requested_by == admin_user
    assert not CasualtyRecord.objects.filter(area__code="XKX").exists()
    listed = admin_client.get(reverse("admin:kb_revertjob_changelist")).content.decode()
    assert "4 records deleted, 0 records restored, 0 records re-created" in listed
    assert '<progress max="4" value="4">' in listed
    assert links_in(listed) >= {
        reverse("admin:kb_revertjob_change", args=[job.pk]),
        reverse("admin:kb_importbatch_change", args=[big_batch.pk]),
    }
    page = admin_client.get(reverse("admin:kb_importbatch_change", args=[big_batch.pk])).content.decode()
    assert "Reverted" in page and 'http-equiv="refresh"' not in page


def test_a_refused_revert_says_why_and_writes_nothing(admin_client, big_batch, run_tasks):
    revert(admin_client, big_batch)
    with pghistory.context(channel="admin"):  # someone edits an imported record before the worker runs
        CasualtyRecord.objects.filter(area__code="XKX", year=2021).update(notes="edited after the import")

    run_tasks()

    job = RevertJob.objects.get()
    assert job.status == "failed"
    assert "1 record(s) changed after this import" in job.error
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 4
    big_batch.refresh_from_db()
    assert big_batch.status == "applied"
    page = admin_client.get(reverse("admin:kb_importbatch_change", args=[big_batch.pk])).content.decode()
    assert "changed after this import" in page


def test_a_failed_revert_is_retried_from_the_admin(admin_client, big_batch, run_tasks):
    revert(admin_client, big_batch)
    job = RevertJob.objects.get()
    RevertJob.objects.filter(pk=job.pk).update(status="failed", error="the worker was stopped")
    response = admin_client.post(
        reverse("admin:kb_revertjob_changelist"), {"action": "retry_reverts", "_selected_action": [job.pk]}
    )
    assert said(response)[-1] == "1 job queued again for the task worker."
    run_tasks()
    job.refresh_from_db()
    assert (job.status, job.error) == ("done", "")
    assert not CasualtyRecord.objects.filter(area__code="XKX").exists()


def test_a_batch_is_reverted_by_one_job_at_a_time(admin_client, admin_user, big_batch):
    revert(admin_client, big_batch)
    response = revert(admin_client, big_batch)  # a second click, before the worker ran
    assert said(response)[-1] == f"{big_batch}: This import is already being reverted."
    with pytest.raises(ValidationError, match="already being reverted"):
        revert_job_create(batch=big_batch, by=admin_user)
    assert RevertJob.objects.count() == 1


def test_only_a_reviewer_queues_a_revert(editor, reviewer, big_batch):
    with pytest.raises(PermissionDenied):
        revert_job_create(batch=big_batch, by=editor)
    assert revert_job_create(batch=big_batch, by=reviewer).status == "queued"


def test_a_batch_not_applied_is_not_queued(admin_user, big_batch):
    ImportBatch.objects.filter(pk=big_batch.pk).update(status="reverted")
    with pytest.raises(ValidationError, match="this one is reverted"):
        revert_job_create(batch=big_batch, by=admin_user)
    assert not RevertJob.objects.exists()


def test_the_workers_revert_is_in_the_history_as_a_revert(admin_client, big_batch, run_tasks):
    record = CasualtyRecord.objects.get(area__code="XKX", year=2021)
    revert(admin_client, big_batch)
    run_tasks()
    deleted = record_history_list(record)[-1]
    assert (deleted.label, deleted.channel, deleted.batch) == ("delete", "revert", big_batch.pk)


def test_a_batch_being_reverted_outlives_the_retention_period_until_its_revert_is_done(
    admin_user, big_batch, run_tasks, settings
):
    settings.KB_IMPORT_BATCH_RETENTION_DAYS = 30
    ImportBatch.objects.filter(pk=big_batch.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    revert_job_create(batch=big_batch, by=admin_user)
    assert import_batches_prune(by=admin_user) == 0
    run_tasks()
    assert import_batches_prune(by=admin_user) == 1  # the batch, counted alone: its done revert job goes with it
    assert not RevertJob.objects.exists()


def test_a_revert_a_stopped_worker_left_running_shows_failed_to_be_retried(admin_client, admin_user, big_batch):
    job = revert_job_create(batch=big_batch, by=admin_user)
    RevertJob.objects.filter(pk=job.pk).update(status="running")  # its worker was killed: no lock is held
    page = admin_client.get(reverse("admin:kb_importbatch_change", args=[big_batch.pk])).content.decode()
    assert "The task worker stopped before the job was done" in page
    assert RevertJob.objects.get(pk=job.pk).status == "failed"

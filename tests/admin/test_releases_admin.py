"""Releases in the admin: reviewers publish through the add form, which queues the packaging for the task worker;
the release is stored only when its archive is complete; a failed packaging shows why and is retried from the
admin; editors cannot publish; nobody changes one."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kb.models import Release, ReleaseJob
from kb.services.releases import MSG_NAME_PENDING, MSG_NAME_TAKEN

pytestmark = pytest.mark.django_db(databases=["default", "progress"])


def _form(name: str) -> dict:
    now = timezone.now()
    return {"name": name, "title": "End of year", "as_of_0": now.strftime("%Y-%m-%d"), "as_of_1": "00:00:00"}


def test_reviewer_publishes_a_release_from_the_add_form(client, reviewer, run_tasks):
    client.force_login(reviewer)
    response = client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    job = ReleaseJob.objects.get(name="2026-12")
    assert response.status_code == 302, response.content[:2000]
    assert response["Location"] == reverse("admin:kb_releasejob_change", args=[job.pk])
    assert (job.status, job.total > 0, Release.objects.count()) == ("queued", True, 0)
    queued = client.get(response["Location"])
    assert b'http-equiv="refresh"' in queued.content  # the page follows the packaging

    run_tasks()

    job.refresh_from_db()
    release = Release.objects.get(name="2026-12")
    assert (job.status, job.done, job.release) == ("done", job.total, release)
    assert release.published_by == reviewer.username
    assert release.datapackage["version"] == "2026-12"
    assert b'http-equiv="refresh"' not in client.get(response["Location"]).content
    page = client.get(reverse("admin:kb_release_change", args=[release.pk]))
    assert page.status_code == 200
    assert reverse("release-archive", args=["2026-12"]) in page.content.decode()
    assert client.get(reverse("admin:kb_release_changelist")).status_code == 200
    assert client.get(reverse("admin:kb_releasejob_changelist")).status_code == 200


def test_a_taken_or_pending_name_is_a_form_error(client, reviewer, run_tasks):
    client.force_login(reviewer)
    client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    pending = client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    assert MSG_NAME_PENDING.format(name="2026-12") in pending.context["adminform"].form.errors["name"]
    run_tasks()
    taken = client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    assert taken.status_code == 200
    assert MSG_NAME_TAKEN.format(name="2026-12") in taken.context["adminform"].form.errors["name"]
    assert (Release.objects.count(), ReleaseJob.objects.count()) == (1, 1)


def test_a_packaging_failing_partway_stores_nothing_and_is_retried_from_the_admin(
    client, reviewer, run_tasks, monkeypatch
):
    from kb.services import releases

    real, calls = releases._csv, []

    def failing(resource, snapshots):
        calls.append(resource)
        if len(calls) == 3:  # two resources written, then the third fails
            raise RuntimeError("the disk is full")
        return real(resource, snapshots)

    reported = []  # the progress connection writes outside the test's transaction: what it was told

    def progress(job, done, total=None):
        reported.append((done, total))

    monkeypatch.setattr(releases, "_csv", failing)
    monkeypatch.setattr(releases, "job_progress", progress)
    client.force_login(reviewer)
    client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    run_tasks()

    job = ReleaseJob.objects.get()
    assert reported == [(1, job.total), (2, job.total)]  # resources written of the total, until the failure
    assert (job.status, job.error, job.done) == ("failed", "the disk is full", 0)
    assert not Release.objects.exists()
    listed = client.get(reverse("admin:kb_releasejob_changelist")).content.decode()
    assert "the disk is full" in listed

    monkeypatch.setattr(releases, "_csv", real)
    retried = client.post(
        reverse("admin:kb_releasejob_changelist"),
        {"action": "retry_releases", "_selected_action": [job.pk]},
        follow=True,
    )
    assert "1 job queued again" in retried.content.decode()
    run_tasks()
    job.refresh_from_db()
    assert (job.status, job.error, job.release.name) == ("done", "", "2026-12")
    states = list(job.events.values_list("status", flat=True))
    assert states == ["queued", "running", "failed", "queued", "running", "done"]


def test_a_packaging_left_running_by_a_stopped_worker_shows_failed(client, reviewer):
    from kb.services.jobs import MSG_INTERRUPTED

    client.force_login(reviewer)
    client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    job = ReleaseJob.objects.get()
    ReleaseJob.objects.filter(pk=job.pk).update(status="running")  # claimed, then the worker was killed
    page = client.get(reverse("admin:kb_releasejob_change", args=[job.pk]))
    assert MSG_INTERRUPTED in page.content.decode()
    job.refresh_from_db()
    assert job.status == "failed"
    assert not Release.objects.exists()


def test_editor_cannot_publish_and_nobody_can_change_or_delete(client, editor, admin_client, run_tasks):
    client.force_login(editor)
    assert client.get(reverse("admin:kb_release_add")).status_code == 403
    assert client.post(reverse("admin:kb_release_add"), _form("x")).status_code == 403
    admin_client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    run_tasks()
    release = Release.objects.get(name="2026-12")
    assert admin_client.post(reverse("admin:kb_release_change", args=[release.pk]), _form("other")).status_code == 403
    assert admin_client.post(reverse("admin:kb_release_delete", args=[release.pk]), {"post": "yes"}).status_code == 403
    assert Release.objects.get(pk=release.pk).name == "2026-12"

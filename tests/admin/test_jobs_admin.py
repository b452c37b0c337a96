"""Export jobs in the admin: administrators see every requester's jobs with state, progress and size, and queue a
failed one again; the page of a job still running refreshes itself."""

import pytest
from django.urls import reverse

from kb.models import ExportJob
from kb.services.export_jobs import export_job_create

pytestmark = [pytest.mark.django_db(databases=["default", "progress"]), pytest.mark.usefixtures("media_root")]


@pytest.fixture
def partner_job(make_token):
    token, _client = make_token(scopes=["read"])
    return export_job_create(resource="countries", fmt="csv", query="", by=token.user)


def test_administrators_see_every_requesters_jobs_with_progress_and_size(admin_client, partner_job, run_tasks):
    queued = admin_client.get(reverse("admin:kb_exportjob_change", args=[partner_job.pk]))
    assert b'http-equiv="refresh"' in queued.content
    run_tasks()
    partner_job.refresh_from_db()
    listed = admin_client.get(reverse("admin:kb_exportjob_changelist")).content.decode()
    assert partner_job.requested_by.username in listed
    assert f'<progress max="{partner_job.total}" value="{partner_job.total}">' in listed
    assert f">{partner_job.size}<" in listed
    assert (
        b'http-equiv="refresh"'
        not in admin_client.get(reverse("admin:kb_exportjob_change", args=[partner_job.pk])).content
    )


def test_a_failed_export_is_retried_from_the_admin(admin_client, partner_job, run_tasks):
    ExportJob.objects.filter(pk=partner_job.pk).update(status="failed", error="the disk is full")
    assert "the disk is full" in admin_client.get(reverse("admin:kb_exportjob_changelist")).content.decode()
    response = admin_client.post(
        reverse("admin:kb_exportjob_changelist"),
        {"action": "retry_exports", "_selected_action": [partner_job.pk]},
        follow=True,
    )
    assert "1 job queued again" in response.content.decode()
    run_tasks()
    partner_job.refresh_from_db()
    assert (partner_job.status, partner_job.error) == ("done", "")


def test_a_job_not_failed_is_not_queued_again(admin_client, partner_job, run_tasks):
    run_tasks()
    response = admin_client.post(
        reverse("admin:kb_exportjob_changelist"),
        {"action": "retry_exports", "_selected_action": [partner_job.pk]},
        follow=True,
    )
    assert "0 jobs queued again" in response.content.decode()
    assert ExportJob.objects.get(pk=partner_job.pk).status == "done"

"""Export jobs (POST /api/v1/exports/): a whole filtered list written as a file by the task worker, with the bytes
of the streamed download; visible to its requester only; all of the file or none of it; retried after a failure."""

import io

import pytest
from openpyxl import load_workbook

from kb.models import ExportJob
from kb.services.export_jobs import export_job_retry, export_jobs_prune
from kb.services.jobs import MSG_INTERRUPTED, job_progress, job_settle

pytestmark = [pytest.mark.django_db(databases=["default", "progress"]), pytest.mark.usefixtures("media_root")]

FILTERS = "figures=all&year__gte=2010"


def _ask(client, resource="casualties", fmt="csv", filters=FILTERS):
    return client.post("/api/v1/exports/", {"resource": resource, "format": fmt, "filters": filters}, format="json")


def _file(client, job_id) -> bytes:
    response = client.get(f"/api/v1/exports/{job_id}/file/")
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(("fmt", "extra"), [("csv", ""), ("hxl", ""), ("csv", "&bom=1"), ("hxl", "&lang=uk")])
def test_the_file_has_the_bytes_of_the_streamed_download(staff_client, run_tasks, fmt, extra):
    asked = _ask(staff_client, fmt=fmt, filters=FILTERS + extra)
    assert asked.status_code == 202, asked.content
    assert asked["Location"] == f"/api/v1/exports/{asked.json()['id']}/"
    assert (asked.json()["status"], asked.json()["download"]) == ("queued", None)
    streamed = staff_client.get(f"/api/v1/casualties/?{FILTERS}{extra}&format={fmt}")
    expected = b"".join(streamed.streaming_content)
    assert expected.count(b"\n") > 2  # the filters select some rows

    run_tasks()

    job = staff_client.get(asked["Location"]).json()
    assert job["status"] == "done"
    assert job["rows_done"] == job["rows_total"] == asked.json()["rows_total"] > 0
    assert job["download"].endswith(f"/api/v1/exports/{job['id']}/file/")
    assert job["size"] == len(expected)
    assert _file(staff_client, job["id"]) == expected


def test_an_excel_file_holds_the_cells_of_the_streamed_download(staff_client, run_tasks):
    asked = _ask(staff_client, fmt="xlsx")
    run_tasks()
    streamed = staff_client.get(f"/api/v1/casualties/?{FILTERS}&format=xlsx")

    def cells(content: bytes) -> list[tuple]:
        return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))

    assert cells(_file(staff_client, asked.json()["id"])) == cells(b"".join(streamed.streaming_content))


def test_a_partner_sees_only_its_own_jobs(make_token, partner_org, run_tasks):
    from kb.models import Organisation

    _, mine = make_token(scopes=["read"])
    other_org = Organisation.objects.exclude(pk=partner_org.pk).first()
    _, theirs = make_token(scopes=["read"], organisation=other_org)
    job_id = _ask(mine).json()["id"]
    run_tasks()
    assert mine.get(f"/api/v1/exports/{job_id}/").json()["status"] == "done"
    assert [j["id"] for j in mine.get("/api/v1/exports/").json()["results"]] == [job_id]
    assert theirs.get(f"/api/v1/exports/{job_id}/").status_code == 404
    assert theirs.get(f"/api/v1/exports/{job_id}/file/").status_code == 404
    assert theirs.get("/api/v1/exports/").json()["results"] == []


def test_anonymous_and_tokens_without_read_scope_are_refused(api_client, make_token):
    assert _ask(api_client).status_code == 401
    assert api_client.get("/api/v1/exports/").status_code == 401
    _, submit_only = make_token(scopes=["submit"])
    assert _ask(submit_only).status_code == 403
    assert ExportJob.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"resource": "casualties", "filters": "colour=red"}, "colour"),
        ({"resource": "casualties", "filters": "area=ZZZ"}, "area"),
        ({"resource": "casualties", "filters": "as_of=2020-01-01"}, "as_of"),
        ({"resource": "no-such-list"}, "resource"),
        ({"resource": "releases"}, "resource"),
        ({"resource": "casualties", "format": "pdf"}, "format"),
        ({"resource": "casualties", "filters": "lang=xx"}, "lang"),
        ({"resource": "casualties", "filters": "limit=many"}, "limit"),
    ],
)
def test_a_refused_filter_is_a_400_now_and_queues_nothing(staff_client, body, field):
    response = staff_client.post("/api/v1/exports/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert ExportJob.objects.count() == 0


def test_a_build_failing_partway_leaves_no_file_and_a_retry_succeeds(
    staff_client, staff_user, run_tasks, monkeypatch, media_root
):
    from api.views.mixins import exports

    real = exports.rows_export_stream
    seen, reported = {}, []

    def failing(**kwargs):
        chunks = real(**kwargs)
        yield next(chunks)
        seen["job"] = ExportJob.objects.get()
        raise OSError("disk full")

    def progress(job, done, total=None):  # the progress connection writes outside the test's transaction
        reported.append((done, total))
        job_progress(job, done, total)

    monkeypatch.setattr(exports, "rows_export_stream", failing)
    monkeypatch.setattr("kb.services.export_jobs.job_progress", progress)
    asked = _ask(staff_client).json()
    job_id = asked["id"]
    run_tasks()

    assert seen["job"].status == "running"
    assert reported == [(0, asked["rows_total"])]  # the total counted as the build starts
    failed = staff_client.get(f"/api/v1/exports/{job_id}/").json()
    assert (failed["status"], failed["error"], failed["download"]) == ("failed", "disk full", None)
    assert staff_client.get(f"/api/v1/exports/{job_id}/file/").status_code == 404
    assert list(media_root.rglob("*.*")) == []

    monkeypatch.setattr(exports, "rows_export_stream", real)
    assert export_job_retry(job=ExportJob.objects.get(pk=job_id), by=staff_user) is True
    run_tasks()
    assert staff_client.get(f"/api/v1/exports/{job_id}/").json()["status"] == "done"
    assert len(list(media_root.rglob("*.csv"))) == 1
    states = list(ExportJob.pgh_event_model.objects.filter(pgh_obj_id=job_id).values_list("status", flat=True))
    assert states == ["queued", "running", "failed", "queued", "running", "done"]  # each change of state, in history


def test_a_job_left_running_by_a_stopped_worker_is_failed_and_can_be_retried(staff_client, staff_user, run_tasks):
    job_id = _ask(staff_client).json()["id"]
    ExportJob.objects.filter(pk=job_id).update(status="running")  # a worker killed mid-build: no lock held
    shown = staff_client.get(f"/api/v1/exports/{job_id}/").json()
    assert (shown["status"], shown["error"], shown["download"]) == ("failed", MSG_INTERRUPTED, None)
    job = job_settle(ExportJob.objects.get(pk=job_id))
    assert (job.status, job.error) == ("failed", MSG_INTERRUPTED)
    assert export_job_retry(job=job, by=staff_user) is True
    run_tasks()
    assert ExportJob.objects.get(pk=job_id).status == "done"


def test_expired_files_are_deleted(staff_client, run_tasks, media_root, settings):
    from django.utils import timezone

    job_id = _ask(staff_client).json()["id"]
    run_tasks()
    job = ExportJob.objects.get(pk=job_id)
    assert (job.expires_at - job.finished_at).days == settings.KB_EXPORT_RETENTION_DAYS
    assert export_jobs_prune(now=job.expires_at - timezone.timedelta(seconds=1)) == 0
    assert export_jobs_prune(now=job.expires_at + timezone.timedelta(seconds=1)) == 1
    assert not ExportJob.objects.filter(pk=job_id).exists()
    assert list(media_root.rglob("*.csv")) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_progress_counts_the_rows_written_up_to_the_total(staff_client, run_tasks, monkeypatch, fmt):
    reported = []

    def progress(job, done, total=None):
        reported.append(done if total is None else ("total", total))
        job_progress(job, done, total)

    monkeypatch.setattr("kb.services.export_jobs.job_progress", progress)
    asked = _ask(staff_client, fmt=fmt).json()
    run_tasks()
    total = asked["rows_total"]
    assert reported[0] == ("total", total)
    assert reported[1:] == sorted(reported[1:])
    assert reported[-1] == total
    assert staff_client.get(f"/api/v1/exports/{asked['id']}/").json()["rows_done"] == total


def test_kb_prune_exports_counts_then_deletes_expired_jobs(staff_client, run_tasks, media_root):
    from django.core.management import call_command
    from django.utils import timezone

    job_id = _ask(staff_client).json()["id"]
    run_tasks()
    ExportJob.objects.filter(pk=job_id).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    out = io.StringIO()
    call_command("kb_prune_exports", "--dry-run", stdout=out)
    assert "Would delete 1 export jobs." in out.getvalue()
    assert ExportJob.objects.filter(pk=job_id).exists()
    call_command("kb_prune_exports", stdout=out)
    assert not ExportJob.objects.filter(pk=job_id).exists()
    assert list(media_root.rglob("*.csv")) == []


def test_an_expired_file_is_gone_before_the_prune_deletes_it(staff_client, run_tasks, media_root):
    from django.utils import timezone

    job_id = _ask(staff_client).json()["id"]
    run_tasks()
    assert staff_client.get(f"/api/v1/exports/{job_id}/file/").status_code == 200
    ExportJob.objects.filter(pk=job_id).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    assert staff_client.get(f"/api/v1/exports/{job_id}/file/").status_code == 404

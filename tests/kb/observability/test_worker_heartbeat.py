"""Whether a task worker runs: `manage.py kb_worker` writes a heartbeat, /readyz reports its age with the queue it
leaves (a missing worker degrades, never fails, readiness) and /metrics carries the age for alerting."""

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.utils import timezone

from kb.models import WorkerHeartbeat
from kb.services.workers import Heartbeat, heartbeat_beat

pytestmark = pytest.mark.django_db


def worker_check(client) -> tuple[int, dict, dict]:
    response = client.get("/readyz")
    body = response.json()
    return response.status_code, body, body["checks"]["worker"]


def test_without_a_worker_the_server_stays_ready_and_says_so(client):
    status, body, worker = worker_check(client)
    assert status == 200
    assert body["status"] == "degraded"
    assert worker["ok"] is False and worker["required"] is False
    assert worker["problem"] == "no worker"
    assert worker["last_heartbeat_seconds"] is None
    assert worker["tasks_waiting"] == 0


def test_a_recent_heartbeat_is_a_running_worker(client):
    heartbeat_beat("worker-a", started_at=timezone.now())
    status, body, worker = worker_check(client)
    assert status == 200 and body["status"] == "ready"
    assert worker["ok"] is True
    assert 0 <= worker["last_heartbeat_seconds"] < 5


def test_a_late_heartbeat_is_reported(client, settings):
    heartbeat_beat("worker-a", started_at=timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - dt.timedelta(seconds=settings.KB_WORKER_STALE_SECONDS + 5))
    status, body, worker = worker_check(client)
    assert status == 200 and body["status"] == "degraded"
    assert worker["problem"] == "heartbeat late"
    assert worker["last_heartbeat_seconds"] > settings.KB_WORKER_STALE_SECONDS


def test_a_beat_forgets_workers_gone_for_a_day():
    heartbeat_beat("gone", started_at=timezone.now())
    WorkerHeartbeat.objects.filter(worker_id="gone").update(beat_at=timezone.now() - dt.timedelta(days=2))
    heartbeat_beat("worker-a", started_at=timezone.now())
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["worker-a"]


def test_the_heartbeat_thread_beats_until_stopped_and_then_removes_the_row(monkeypatch):
    beats = []
    # Counted rather than written: the thread's own connection would commit past the test's transaction.
    monkeypatch.setattr("kb.services.workers.heartbeat_beat", lambda worker_id, **kw: beats.append(worker_id))
    heartbeat_beat("worker-t", started_at=timezone.now())  # the row a running worker would have
    heartbeat = Heartbeat("worker-t", interval=0.02)
    heartbeat.start()
    for _ in range(200):
        if len(beats) >= 3:
            break
        threading.Event().wait(0.02)
    heartbeat.stop()
    assert beats[:3] == ["worker-t"] * 3
    assert not heartbeat._thread.is_alive()
    assert not WorkerHeartbeat.objects.filter(worker_id="worker-t").exists()


def test_kb_worker_runs_the_queue_with_a_heartbeat(monkeypatch):
    """`kb_worker --batch` takes the waiting tasks as db_worker does, beating meanwhile, and removes its row at the
    end."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    seen = []
    monkeypatch.setattr("kb.services.workers.heartbeat_beat", lambda worker_id, **kw: seen.append(worker_id))
    call_command("kb_worker", "--batch", "--no-startup-delay", "--worker-id", "worker-b", verbosity=0)
    assert seen and set(seen) == {"worker-b"}
    assert not WorkerHeartbeat.objects.exists()


def test_metrics_carry_the_age_of_the_last_heartbeat(client):
    assert "kb_worker_last_heartbeat_seconds +Inf" in client.get("/metrics").content.decode()
    heartbeat_beat("worker-a", started_at=timezone.now())
    text = client.get("/metrics").content.decode()
    [line] = [line for line in text.splitlines() if line.startswith("kb_worker_last_heartbeat_seconds ")]
    assert 0 <= float(line.split()[1]) < 5

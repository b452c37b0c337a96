"""Is a task worker running? Each `manage.py kb_worker` process beats (writes its WorkerHeartbeat row) every
KB_WORKER_HEARTBEAT_SECONDS from a thread of its own; /readyz and /metrics read the newest beat."""

import logging
import os
import socket
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.db.models import Max
from django.utils import timezone

from kb.models import WorkerHeartbeat
from kb.services.task_queue import task_queue_state

logger = logging.getLogger("kb.worker")

# A row not renewed for this long belongs to a worker that died without cleaning up: any worker's beat deletes it.
FORGET_AFTER = timezone.timedelta(days=1)


def heartbeat_beat(worker_id: str, *, started_at) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname(), "pid": os.getpid(), "started_at": started_at, "beat_at": now},
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()


def last_heartbeat_age() -> float | None:
    """Seconds since the newest beat of any worker; None when no worker has beaten (or every one stopped cleanly)."""
    newest = WorkerHeartbeat.objects.aggregate(newest=Max("beat_at"))["newest"]
    return max(0.0, (timezone.now() - newest).total_seconds()) if newest else None


@dataclass(frozen=True)
class WorkerState:
    last_heartbeat_seconds: float | None
    tasks_waiting: int
    oldest_wait_seconds: float

    @property
    def problem(self) -> str:
        if self.last_heartbeat_seconds is None:
            return "no worker"
        return "heartbeat late" if self.last_heartbeat_seconds > settings.KB_WORKER_STALE_SECONDS else ""

    def as_dict(self) -> dict:
        age = self.last_heartbeat_seconds
        return {
            "last_heartbeat_seconds": None if age is None else round(age, 1),
            "tasks_waiting": self.tasks_waiting,
            "oldest_wait_seconds": round(self.oldest_wait_seconds, 1),
        }


def worker_state() -> WorkerState:
    waiting, oldest = task_queue_state()
    return WorkerState(last_heartbeat_age(), waiting, oldest)


class Heartbeat:
    """The beating thread of one worker process. Beats at once, then every `interval` seconds until stopped; a beat
    that fails (the database away) is logged and the next one tried. Stopping deletes the row, so a worker that
    stopped cleanly is reported missing at once rather than once its beat is late."""

    def __init__(self, worker_id: str, interval: float):
        self.worker_id, self.interval = worker_id, interval
        self.started_at = timezone.now()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kb-worker-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=self.interval + 5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("worker %s: its heartbeat could not be removed", self.worker_id)

    def _run(self) -> None:
        try:
            while True:
                close_old_connections()  # a connection broken by a database restart is replaced
                try:
                    heartbeat_beat(self.worker_id, started_at=self.started_at)
                except DatabaseError as exc:
                    logger.warning("worker %s: heartbeat failed: %s", self.worker_id, type(exc).__name__)
                if self._stopped.wait(self.interval):
                    return
        finally:
            connections.close_all()  # this thread's own connections

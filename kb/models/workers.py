"""The task worker's heartbeat: django-tasks-db records which worker claimed a task, not whether any worker is
running, so each `manage.py kb_worker` process writes its own row every few seconds (kb/services/workers.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One running task worker, as last heard of. Not tracked by history: operating state, not data."""

    worker_id = models.CharField(verbose_name=_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(verbose_name=_("host"), max_length=255)
    pid = models.PositiveIntegerField(verbose_name=_("process id"))
    started_at = models.DateTimeField(verbose_name=_("started at"))
    beat_at = models.DateTimeField(verbose_name=_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"

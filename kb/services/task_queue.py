"""The task queue as an operator sees it: how many tasks wait for a worker, and since when."""

from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def task_queue_state() -> tuple[int, float]:
    """(tasks waiting, seconds the oldest has waited; 0 when none waits)."""
    found = DBTaskResult.objects.ready().aggregate(waiting=Count("pk"), oldest=Min("enqueued_at"))
    oldest = found["oldest"]
    return found["waiting"], (timezone.now() - oldest).total_seconds() if oldest else 0.0

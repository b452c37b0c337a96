"""`manage.py kb_worker`: django-tasks-db's `db_worker` (same options) with a heartbeat, so /readyz and /metrics can
tell whether a worker is running (kb/services/workers.py)."""

import os

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from kb.services.workers import Heartbeat


class Command(DbWorkerCommand):
    help = "Run the task worker (db_worker's options), writing a heartbeat every KB_WORKER_HEARTBEAT_SECONDS."

    def handle(self, **options):
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            return super().handle(**options)  # the reloader: the worker process it starts does the beating
        heartbeat = Heartbeat(options["worker_id"], settings.KB_WORKER_HEARTBEAT_SECONDS)
        heartbeat.start()
        try:
            return super().handle(**options)
        finally:  # also on SIGTERM/SIGINT, which db_worker turns into SystemExit
            heartbeat.stop()

"""Base of the commands that move data in or out, run once per file, often by a script or a schedule."""

from django.core.management.base import BaseCommand


class DataCommand(BaseCommand):
    """Runs without Django's system checks, which load every URL, view and admin to check the project's configuration:
    1-2 s of a run, each time (a 50,000-row import took 13 s). `manage.py check` and every server start still run
    them, and nothing a data command does depends on them."""

    requires_system_checks = []

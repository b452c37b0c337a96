"""Stop early, with a plain remedy, when the database was migrated by another version of this project's migrations.

The pre-release migrations were squashed into a new chain (0001_initial `replaces` the old one, so a database that
applied all of it is brought forward). A database migrated by an older checkout records names
that no longer exist (Django skips those silently, then fails creating tables that are already there) or records them
in an order the new chain contradicts (Django stops with a traceback). `make run` runs this before `migrate`.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.loader import MigrationLoader


def own_app_labels():
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and "site-packages" not in Path(config.path).parts
    }


def history_problem(loader):
    """What is wrong with the recorded history of our own apps, or an empty string."""
    own = own_app_labels()
    known = set(loader.disk_migrations).union(*(migration.replaces for migration in loader.disk_migrations.values()))
    unknown = sorted(key for key in loader.applied_migrations if key[0] in own and key not in known)
    if unknown:
        return "it records migrations this code does not have (" + ", ".join(".".join(key) for key in unknown) + ")"
    try:
        loader.check_consistent_history(connection)
    except InconsistentMigrationHistory as error:
        return str(error)
    return ""


class Command(BaseCommand):
    help = "Check that the database's migration history belongs to this code's migrations (run before migrate)."

    def handle(self, *args, **options):
        problem = history_problem(MigrationLoader(connection))
        if problem:
            db = connection.settings_dict
            raise CommandError(
                f"Database {db['NAME']!r} was migrated by another version of this project: {problem}. "
                "Its schema cannot be brought forward. Before the first release nothing in it is meant to survive a "
                f"schema change: drop it (dropdb -h {db['HOST']} -p {db['PORT']} -U {db['USER']} {db['NAME']}) and "
                "run the command again, which recreates it; or set DATABASE_URL to another database."
            )
        self.stdout.write("Migration history matches this code.")

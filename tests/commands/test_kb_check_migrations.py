"""The migrations match the models, and `make run` stops with a remedy on a database migrated by an older chain."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState


def test_models_have_no_change_without_its_migration():
    # What `makemigrations --check` compares, without reading any database's history.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    changes = MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps)).changes(graph=loader.graph)
    assert not changes, f"models differ from their migrations: {changes}"


@pytest.mark.django_db
def test_history_of_this_chain_passes():
    out = io.StringIO()
    call_command("kb_check_migrations", stdout=out)
    assert "matches" in out.getvalue()


def record(app, name):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, now())", [app, name])


@pytest.mark.django_db
def test_migration_this_code_lacks_is_named_with_the_remedy():
    record("kb", "0009_from_an_older_chain")
    with pytest.raises(CommandError) as error:
        call_command("kb_check_migrations")
    assert "kb.0009_from_an_older_chain" in str(error.value)
    assert "dropdb" in str(error.value)


@pytest.mark.django_db
def test_chain_recorded_out_of_order_is_refused():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'kb' AND name = '0002_contamination_reported'")
    with pytest.raises(CommandError) as error:
        call_command("kb_check_migrations")
    assert "0003_treaty_obligations is applied before its dependency kb.0002_contamination_reported" in str(error.value)

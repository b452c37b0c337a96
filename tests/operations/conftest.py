"""The operations checks run as the operator would (scripts/*.py, as separate processes, each with a PostgreSQL
cluster of its own), copying the test database: it is migrated and has the demo data (tests/conftest.py)."""

from urllib.parse import quote

import pytest
from django.db import connection


@pytest.fixture
def test_database_url(django_db_setup) -> str:
    settings = connection.settings_dict
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{quote(settings['USER'], safe='')}{password}@{host}:{port}/{settings['NAME']}"

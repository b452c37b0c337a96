"""With psycopg's pool (KB_DB_POOL_MAX_SIZE), a streamed CSV download keeps its connection, and its server-side
cursor, for as long as it streams, other requests meanwhile use the pool's other connections, and every connection
is back in the pool afterwards."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def database_url() -> str:
    """The test database (the demo data in it is committed: another process sees it)."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_a_streamed_export_stays_whole_and_gives_its_connection_back():
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "KB_DB_POOL_MAX_SIZE": "2",
        "KB_DB_POOL_MIN_SIZE": "1",
        "KB_DB_POOL_TIMEOUT": "30",
    }
    env.pop("REDIS_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "tests.kb.shared_state.pooled_exports"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout)
    assert found["held_mid_stream"]  # the others were asked while the download's cursor was open
    assert found["others"] == [200] * 9  # answered while the download held one of the two connections
    assert found["pooled_status"] == 200
    lines = found["pooled_body"].splitlines()
    assert len(lines) > 200  # many fetches of 25 rows from the cursor
    assert found["pooled_body"] == found["alone_body"]  # every row, as the unhurried download has them
    pool = found["pool"]
    assert pool["pool_max"] == 2
    assert pool["pool_available"] == pool["pool_size"] > 0  # nothing left borrowed
    assert pool["requests_errors"] == 0
    # /metrics (asked through the pool too, its connection lent while it answers) shows the pools.
    assert 'kb_db_pool_waiting_requests{alias="default"} 0.0' in found["metrics"]
    assert any(line.startswith('kb_db_pool_connections{alias="default"}') for line in found["metrics"])

"""DATABASE_REPLICA_URLS, read as a deployment reads it: each URL an alias with the primary's engine and options."""

import json
import os
import subprocess
import sys

from django.conf import settings

SHOW = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps({'replicas': settings.DATABASE_REPLICAS, "
    "'databases': {k: v for k, v in settings.DATABASES.items() if k.startswith('replica_')}}))"
)


def _settings_with(**env) -> dict:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **env}
    out = subprocess.run(
        [sys.executable, "-c", SHOW], env=environment, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    return json.loads(out.stdout)


def test_each_replica_url_becomes_an_alias_like_the_primary():
    found = _settings_with(
        DATABASE_URL="postgres://kb@db-primary:5432/kb",
        DATABASE_REPLICA_URLS="postgres://ro:secret@db-r1:5433/kb?sslmode=require,postgis://kb@db-r2/kb",
    )
    assert found["replicas"] == ["replica_0", "replica_1"]
    first, second = found["databases"]["replica_0"], found["databases"]["replica_1"]
    assert first["ENGINE"] == second["ENGINE"] == "kb.database"
    assert (first["HOST"], first["PORT"], first["USER"], first["PASSWORD"]) == ("db-r1", 5433, "ro", "secret")
    assert first["OPTIONS"] == {"connect_timeout": 2, "sslmode": "require"}
    assert second["HOST"] == "db-r2" and second["OPTIONS"] == {"connect_timeout": 2}
    assert first["TEST"]["MIRROR"] == "default"


def test_no_replica_urls_no_replicas():
    assert _settings_with(DATABASE_URL="postgres://kb@db-primary:5432/kb", DATABASE_REPLICA_URLS="") == {
        "replicas": [],
        "databases": {},
    }

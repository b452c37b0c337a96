"""What the settings build from REDIS_URL and KB_DB_POOL_MAX_SIZE, in each settings module (read in a process of
its own, as a server would read its environment)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

READ = """
import json
from django.conf import settings
db = settings.DATABASES
def named(value):  # the pool's check by its dotted name
    return f"{value.__module__}.{value.__qualname__}" if callable(value) else value
def pool(alias):
    found = db[alias].get("OPTIONS", {}).get("pool")
    return found and {key: named(value) for key, value in found.items()}
print(json.dumps({"cache": settings.CACHES["default"], "default": [db["default"]["CONN_MAX_AGE"], pool("default")],
    "progress": [db["progress"]["CONN_MAX_AGE"], pool("progress")]}))
"""


def read_settings(module: str, **env) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_URL", "KB_DB_POOL", "CACHE_URL"))}
    environment.update(DJANGO_SETTINGS_MODULE=f"config.settings.{module}", SECRET_KEY="x", ALLOWED_HOSTS="kb.test")
    environment.update(env)
    run = subprocess.run(
        [sys.executable, "-c", READ], env=environment, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize("module", ["dev", "production"])
def test_without_redis_url_the_cache_stays_per_process(module):
    assert read_settings(module)["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("module", ["dev", "production"])
def test_redis_url_makes_the_default_cache_redis_with_short_timeouts(module):
    cache = read_settings(module, REDIS_URL="redis://127.0.0.1:6390/2", CACHE_URL="dbcache://ignored")["cache"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6390/2"
    assert cache["KEY_PREFIX"] == "kb"
    assert cache["OPTIONS"] == {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}


@pytest.mark.parametrize("module", ["dev", "production"])
def test_a_pool_turns_persistent_connections_off_for_every_alias(module):
    found = read_settings(module, KB_DB_POOL_MAX_SIZE="8", KB_DB_POOL_MIN_SIZE="2", CONN_MAX_AGE="60")
    pool = {"min_size": 2, "max_size": 8, "timeout": 10.0, "check": "kb.database.health.pool_check"}
    assert found["default"] == found["progress"] == [0, pool]


def test_no_pool_by_default():
    found = read_settings("production", CONN_MAX_AGE="60")
    assert found["default"] == [60, None]

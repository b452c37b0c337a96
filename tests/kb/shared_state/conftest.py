"""Several app servers sharing one Redis, simulated in one process: each `AppServer` has its own cache client and
connection pool to the same Redis, as a second machine would. The Redis is KB_TEST_REDIS_URL (scripts/test.sh sets
it from scripts/redis.sh); every run keeps to a key prefix of its own and deletes its keys afterwards."""

import os
import socket
import uuid
from contextlib import contextmanager

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from api.throttling import LOCAL_COUNTS
from config.caches import redis_cache


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("KB_TEST_REDIS_URL", "")
    if not url:
        message = "KB_TEST_REDIS_URL is not set: scripts/test.sh sets it (or export it from scripts/redis.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)  # never a silent skip where the suite is meant to be complete
        pytest.skip(message)
    redis.Redis.from_url(url, socket_connect_timeout=2).ping()  # unreachable: fails here, plainly
    return url


@pytest.fixture(scope="session")
def run_prefix(redis_url):
    prefix = f"kb-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(key)


class AppServer:
    """One app server's settings for the cache: entering `serving()` gives it a fresh client of its own."""

    def __init__(self, url: str, prefix: str):
        # A generous timeout: these tests are about what the servers share, and a loaded machine can take longer
        # than production's quarter second for one Redis call (a timed-out read is a miss, which they would count).
        self.cache_settings = {"default": redis_cache(url, key_prefix=prefix, timeout=5)}

    @contextmanager
    def serving(self):
        with override_settings(CACHES=self.cache_settings):
            yield caches["default"]


@pytest.fixture
def test_prefix(run_prefix) -> str:
    """A prefix per test, so counts of one test never reach another."""
    return f"{run_prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def two_servers(redis_url, test_prefix) -> tuple[AppServer, AppServer]:
    return AppServer(redis_url, test_prefix), AppServer(redis_url, test_prefix)


def closed_port() -> int:
    """A port nothing listens on (taken from the system, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down() -> AppServer:
    """An app server whose REDIS_URL points at a closed port."""
    return AppServer(f"redis://127.0.0.1:{closed_port()}/0", "kb-down")


@pytest.fixture(autouse=True)
def fresh_local_counts():
    LOCAL_COUNTS.clear()
    yield
    LOCAL_COUNTS.clear()

"""Read replicas in tests: `replica_0` is the test database through a connection of its own (config/settings/test.py),
so it sees what the demo data committed and not what a test writes in its transaction, as a replica that has not
yet replayed those writes. Which database served a request's reads is read from kb_db_reads_total."""

import socket

import pytest
from django.db import connections
from prometheus_client import REGISTRY
from rest_framework.test import APIClient

from kb.routing import replica_health

ALIASES = ("default", "replica_0", "replica_1")
DATABASES = ["default", "replica_0", "replica_1"]  # for django_db(databases=...)


@pytest.fixture
def replica(settings):
    settings.DATABASE_REPLICAS = ["replica_0"]
    replica_health.forget()
    yield "replica_0"
    replica_health.forget()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


class Replica:
    """`replica_1`, the only replica: the test database at first (a probe finds it up); `kill()` points it at a port
    where nothing listens, as a replica that went away, and `revive()` points it back."""

    def __init__(self, connection):
        self.connection = connection
        self.address = {key: connection.settings_dict[key] for key in ("HOST", "PORT")}

    def kill(self):
        self.connection.close()
        self.connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))

    def revive(self):
        self.connection.close()
        self.connection.settings_dict.update(self.address)


@pytest.fixture
def failing_replica(settings):
    settings.DATABASE_REPLICAS = ["replica_1"]
    replica_health.forget()
    replica = Replica(connections["replica_1"])
    yield replica
    replica.revive()
    replica_health.forget()


def read_counts() -> dict[str, float]:
    return {alias: REGISTRY.get_sample_value("kb_db_reads_total", {"database": alias}) or 0 for alias in ALIASES}


def reads_from(send):
    """(response, the alias that served the request's reads, or None if it read nothing but who was asking)."""
    before = read_counts()
    response = send()
    after = read_counts()
    moved = [alias for alias in ALIASES if after[alias] != before[alias]]
    assert len(moved) <= 1, moved
    return response, (moved[0] if moved else None)


@pytest.fixture
def session_staff_client(staff_user) -> APIClient:
    """Staff signed in through a session, as in the admin (force_authenticate would skip the session)."""
    client = APIClient()
    client.force_login(staff_user)
    return client

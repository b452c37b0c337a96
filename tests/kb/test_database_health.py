"""A kept connection's health check (kb/database/health.py): a quiet connection is vouched for without a statement
sent to the server, one the server has ended is found out, and the pool's check answers the same way."""

import pytest
from django.db import connection, connections
from psycopg import OperationalError

from kb.database.base import DatabaseWrapper
from kb.database.health import is_quiet, pool_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept():
    """A second connection to the test database, as a server process keeps one between requests."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def last_statement(pid: int) -> str:
    """What the server last ran for that connection, as this test's own connection reads it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # pg_stat_activity is otherwise read once a transaction
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0]


def end_on_the_server(pid: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # waits up to 5 s for it to end
        assert cursor.fetchone()[0]


def test_the_project_s_backend_serves_the_database():
    assert isinstance(connections["default"], DatabaseWrapper)


def test_a_quiet_connection_is_usable_without_a_statement_sent(kept):
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'the request before'")
    pid = kept.connection.info.backend_pid
    assert kept.is_usable()
    pool_check(kept.connection)
    assert last_statement(pid) == "SELECT 'the request before'"


def test_a_connection_the_server_ended_is_not_usable(kept):
    end_on_the_server(kept.connection.info.backend_pid)
    assert not is_quiet(kept.connection)
    assert not kept.is_usable()
    with pytest.raises(OperationalError):
        pool_check(kept.connection)


def test_a_connection_with_a_transaction_left_open_is_asked(kept):
    kept.connection.autocommit = False
    kept.connection.execute("SELECT 'in a transaction'")
    assert not is_quiet(kept.connection)
    pid = kept.connection.info.backend_pid
    assert kept.is_usable()
    assert last_statement(pid) == "SELECT 1"
    kept.connection.rollback()


def test_a_connection_the_server_ended_is_replaced_at_the_next_request(kept):
    """As close_old_connections does at a request's start: the check closes the ended connection, and the request's
    first statement opens another."""
    end_on_the_server(kept.connection.info.backend_pid)
    kept.health_check_done = False
    kept.close_if_health_check_failed()
    assert kept.connection is None
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'answered'")
        assert cursor.fetchone() == ("answered",)

"""The data stamp (api/caching.py, behind the response cache and the ETags of lists and tiles) names only data the
connection reading it can see: it moves for a write another connection has committed, never for one still in progress
there, and at once for the reading transaction's own writes. kb_data_stamp(), written after every migrate
(kb/services/data_stamp.py), computes it."""

import pytest
from django.core.cache import cache
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from api.caching import _stamp_sql, settled_and_stamp, stamp_query
from kb.services.data_stamp import (
    SEEN,
    SNAPSHOT,
    changed_at_expression,
    history_maxima_expression,
    tracked_history_tables,
)
from tests.factories import AreaFactory

# replica_0 and replica_1 are the test database through connections of their own (config/settings/test.py).
READER, WRITER = "replica_0", "replica_1"

pytestmark = pytest.mark.django_db(databases=["default", READER, WRITER])


def read(alias: str, sql: str) -> tuple:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def history_part(alias: str) -> str:
    """The part of the stamp a transaction that has written reads besides the snapshot and the WAL position (which
    move with a commit anywhere on the server, other databases' included): the newest history event of each tracked
    table."""
    return read(alias, f"SELECT {history_maxima_expression()}")[0]


@pytest.fixture
def writer():
    """WRITER as a new connection, outside the transaction pytest-django opens on every database a test lists, so that
    what it commits is committed; the areas it saved (their ids in the list yielded) and their history are deleted
    afterwards, so that no later test sees them."""
    in_test_transaction = connections[WRITER]
    connections[WRITER] = own = connections.create_connection(WRITER)
    saved = []
    try:
        yield saved
    finally:
        with own.cursor() as cursor:
            cursor.execute("DELETE FROM kb_area WHERE id = ANY(%s)", [saved])
            cursor.execute("DELETE FROM kb_areaevent WHERE pgh_obj_id = ANY(%s)", [saved])
        own.close()
        connections[WRITER] = in_test_transaction


def save_area(saved: list, code: str) -> None:
    area = AreaFactory.build(code=code)
    area.save(using=WRITER)
    saved.append(area.pk)


def test_the_stamp_moves_for_a_write_another_connection_commits_and_not_before(writer):
    before = history_part(READER)
    with transaction.atomic(using=WRITER):
        save_area(writer, "XSZ")
        assert history_part(WRITER) != before  # the writer's own transaction sees its write
        # In progress elsewhere: the reader cannot see the row, so its stamp must not name it (a stamp read from the
        # history tables' id sequences did, and a replica's page was then cached under the primary's stamp).
        assert history_part(READER) == before
    assert history_part(READER) != before


def test_a_rolled_back_write_leaves_the_stamp_as_it_was(writer):
    before = history_part(READER)
    with transaction.atomic(using=WRITER):
        save_area(writer, "XSY")
        transaction.set_rollback(True, using=WRITER)
    assert history_part(READER) == before


def test_the_functions_compute_their_queries_over_every_tracked_table():
    """migrate rewrites kb_data_stamp() and kb_data_changed_at() from the models pghistory tracks, so a newly tracked
    model is part of both without a migration of its own. Each pair is read in one statement, under one snapshot."""
    function, query = read("default", f"SELECT kb_data_stamp(), ({stamp_query()})")
    assert function == query
    function, query = read("default", f"SELECT kb_data_changed_at(), {changed_at_expression()}")
    assert function == query


def test_a_transaction_that_has_written_reads_every_table_pghistory_tracks_into_its_stamp():
    AreaFactory()  # this test's transaction has written
    stamp = read("default", _stamp_sql())[0]
    assert stamp.count("|") == 2 + len(tracked_history_tables())
    assert "kb_treatyactionevent" in tracked_history_tables()


def test_a_reader_that_has_written_nothing_is_stamped_by_its_snapshot_and_moves_with_its_first_write():
    """Equal snapshots see the same committed rows, so a transaction that has not written is stamped by its snapshot
    (and a replica's position) alone, without the history lookups; its own first write, which its snapshot does not
    show, moves its stamp at once."""
    stamp, snapshot = read(READER, f"SELECT kb_data_stamp(), {SNAPSHOT}")  # one statement: one snapshot
    assert stamp.endswith(f"|{snapshot}") and stamp.count("|") == 2
    AreaFactory.build(code="XSX").save(using=READER)
    written, snapshot = read(READER, f"SELECT kb_data_stamp(), {SNAPSHOT}")
    assert written == f"{stamp.split('|')[0]}|{snapshot}|{history_part(READER)}"


def test_the_stamp_names_its_database_and_server():
    """A snapshot's numbers are the server's: another database beside this one (a staging copy) or another server at
    the same numbers could otherwise share a stamp, and with it the counts and tiles kept under it."""
    identifier = "(SELECT system_identifier FROM pg_control_system())"
    stamp, seen, database, server = read("default", f"SELECT kb_data_stamp(), {SEEN}, current_database(), {identifier}")
    assert stamp.startswith(f"{database}@{server}|")
    assert stamp == seen


def test_a_list_page_reads_the_settled_moment_and_then_the_stamp_in_one_round_trip(api_client):
    """A page not answered from memory needs the moment (for its ETag) before the stamp (its cache key): one
    statement, kb_settled_then(), reads both, the stamp under a snapshot taken after the moment."""
    cache.clear()
    with CaptureQueriesContext(connections["default"]) as queries:
        assert api_client.get("/api/v1/sources/").status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "kb_settled" in q["sql"] or "kb_data_stamp" in q["sql"]]
    assert len(reads) == 1 and "kb_settled_then" in reads[0]
    settled, stamp = settled_and_stamp()
    assert stamp == read("default", _stamp_sql())[0]
    assert settled <= read("default", "SELECT kb_settled_before()")[0]

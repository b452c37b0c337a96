"""The data stamp and the time of the last change, as two SQL functions that follow the tracked models.

The stamp names the data a connection can see: the database (its name and its server's), the snapshot (which
transactions have committed, so a write by anyone moves it), the WAL position a replica has replayed (empty on the
primary: a standby's snapshot leaves out the transactions it saw in progress, so a commit replayed out of order would
not move the snapshot alone) and the newest history event of every table pghistory tracks, for a transaction that has
written (so do its own writes, which its snapshot does not show: every change, from any channel, goes through
pghistory's triggers or the bulk import's event insert). Two reads under one stamp see the same rows, so what was
computed under it can be served again (api/caching.py).

Sent as text, the query's two dozen subqueries were planned on every request (about 1.5 ms, five times their
execution). As PL/pgSQL functions their plans are kept for the rest of the session. They are STABLE, so they read
under the calling statement's snapshot: committed rows and this transaction's own writes, nothing in progress
elsewhere. (Reading the history tables' id sequences was tried and undone: a sequence moves on insert, before the
commit, so another connection got a stamp for data it could not see yet.)

The functions are written after every `migrate` from the models pghistory tracks at that moment (kb/apps.py), so a
newly tracked model joins the stamp without a migration of its own."""

import functools

import pghistory.models
from django.apps import apps
from django.db import connections


def tracked_history_tables() -> list[str]:
    return sorted(m._meta.db_table for m in apps.get_models() if issubclass(m, pghistory.models.Event))


# Which database on which server: a snapshot's transaction numbers are the server's, shared by its databases, so a
# staging copy beside production (or another server that happens to be at the same numbers), sharing one Redis, would
# otherwise share stamps, and with them kept counts and tiles, whose cache keys name no host.
DATABASE_IDENTITY = "current_database() || '@' || (SELECT system_identifier FROM pg_control_system())::text"
SNAPSHOT = "pg_current_snapshot()::text || '|' || coalesce(pg_last_wal_replay_lsn()::text, '')"
SEEN = f"{DATABASE_IDENTITY} || '|' || {SNAPSHOT}"
READER = "pg_current_xact_id_if_assigned() IS NULL"  # a transaction that has written nothing


@functools.cache
def stamp_expression() -> str:
    """The database, its snapshot and the replica's position, and the history maxima only for a transaction that has
    written (has a transaction id): for any other, two equal snapshots see the same committed rows, so the maxima add
    nothing and their two dozen lookups (a third of a list's stamp) are left out. The two forms never look alike: one
    has no maxima."""
    return f"CASE WHEN {READER} THEN {SEEN} ELSE {written_stamp_expression()} END"


def written_stamp_expression() -> str:
    """The stamp of a transaction that has written: what it sees, and the history maxima."""
    return f"{SEEN} || '|' || {history_maxima_expression()}"


def stamp_function_sql() -> str:
    """kb_data_stamp(): stamp_expression's two forms as two branches. As one CASE, every call started the executor
    over the maxima's two dozen subqueries, run or not: 88 µs a stamp against 10 µs for a reader's branch alone."""
    return f"""
CREATE OR REPLACE FUNCTION kb_data_stamp() RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF {READER} THEN
        RETURN {SEEN};
    END IF;
    RETURN {written_stamp_expression()};
END
$$;"""


def history_maxima_expression() -> str:
    """The part of the stamp that moves with writes to tracked tables only (the newest history event of each)."""
    return " || '|' || ".join(
        f"coalesce((SELECT max(pgh_id) FROM {table})::text, '')" for table in tracked_history_tables()
    )


@functools.cache
def changed_at_expression() -> str:
    """The time of the newest change to any tracked table (each table's feed index answers its max)."""
    tables = tracked_history_tables()
    return "greatest(" + ", ".join(f"(SELECT max(pgh_created_at) FROM {table})" for table in tables) + ")"


def table_changed_at_sql() -> str:
    """kb_table_changed_at(history table): the newest event of one tracked table. A branch per table, so each
    branch's plan is kept for the session: as a subquery in a list's count statement, sent as text, it was planned
    on every request (about 0.7 ms against a table with a dozen indexes)."""
    branches = "\n".join(
        f"        WHEN '{table}' THEN RETURN (SELECT max(pgh_created_at) FROM {table});"
        for table in tracked_history_tables()
    )
    return f"""
CREATE OR REPLACE FUNCTION kb_table_changed_at(history_table text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
BEGIN
    CASE history_table
{branches}
        ELSE RETURN NULL;
    END CASE;
END
$$;"""


def _function_sql(name: str, returns: str, expression: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS {returns}
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN {expression};
END
$$;"""


# kb/selectors/settled.py: the start of the oldest transaction another session of this database has open, capped by
# this moment. pg_stat_activity is read once per transaction and kept: cleared first, for a caller inside a longer
# one. One function, so that both take one round trip.
SETTLED_FUNCTION = """
CREATE OR REPLACE FUNCTION kb_settled_before() RETURNS timestamptz
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_stat_clear_snapshot();
    RETURN least(clock_timestamp(), (
        SELECT min(xact_start) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'));
END
$$;
-- kb_settled_before(), then a query's one text value (the data stamp's: api/caching.py), in that order and in one
-- round trip. VOLATILE, so the query (EXECUTE) reads under a snapshot taken after the settled moment, as a second
-- statement would: what commits in between is under the stamp.
CREATE OR REPLACE FUNCTION kb_settled_then(query text, OUT settled timestamptz, OUT answer text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    settled := kb_settled_before();
    EXECUTE query INTO answer;
END
$$;"""


def data_stamp_functions_install(using: str = "default") -> None:
    """(Re)write kb_data_stamp(), kb_data_changed_at() and kb_table_changed_at() over the tables tracked now, and
    kb_settled_before() with kb_settled_then()."""
    with connections[using].cursor() as cursor:
        cursor.execute(SETTLED_FUNCTION)
        cursor.execute(stamp_function_sql())
        cursor.execute(_function_sql("kb_data_changed_at", "timestamptz", changed_at_expression()))
        cursor.execute(table_changed_at_sql())

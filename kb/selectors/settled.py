"""Which history events are settled. A history trigger stamps an event with its transaction's start (NOW()), but the
event appears only when that transaction commits: an import that began at 10:00 and commits at 10:03 adds events
stamped 10:00 after others stamped 10:01 were already readable. A reader moving a cursor over the events by their
stamp (the change feed, a release as of a moment) stops before the settled moment, or it skips those events."""

import datetime as dt

from django.db import DEFAULT_DB_ALIAS, connections

from kb.routing.reads import read_alias


def settled_before() -> dt.datetime:
    """Events stamped before this moment are all committed or rolled back; one stamped at or after it may still
    appear. Read-only sessions hold it back too (pg_stat_activity cannot tell them apart): readers wait, they lose
    nothing."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT kb_settled_before()")  # kb/services/data_stamp.py: read on the primary
        return cursor.fetchone()[0]


# Nothing can be vouched for: every stamp is at or after it.
NOTHING_SETTLED = dt.datetime.min.replace(tzinfo=dt.UTC)


def settled_for_reading() -> dt.datetime:
    """settled_before() for data this request is about to read (call it first, then read: a transaction that
    commits in between is then in the data). On a replica, only once it has replayed all the primary had written
    when the moment was taken; before that, NOTHING_SETTLED. A server not in recovery (the primary under another
    name) has replayed nothing and is taken as caught up."""
    alias = read_alias()
    if alias == DEFAULT_DB_ALIAS:
        return settled_before()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT kb_settled_before(), pg_current_wal_lsn()")  # in this order: what commits between
        settled, written = cursor.fetchone()  # the two is at or before `written`, so the replica must have it
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [written])
        caught_up = cursor.fetchone()[0]
    return settled if caught_up else NOTHING_SETTLED

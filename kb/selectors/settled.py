"""Which history events are settled. A history trigger stamps an event with its transaction's start (NOW()), but the
event appears only when that transaction commits: an import that began at 10:00 and commits at 10:03 adds events
stamped 10:00 after others stamped 10:01 were already readable. A reader moving a cursor over the events by their
stamp (the change feed, a release as of a moment) stops before the settled moment, or it skips those events."""

import datetime as dt

from django.db import DEFAULT_DB_ALIAS, connections

# The start of the oldest transaction another session of this database has open, capped by this moment: any later
# transaction stamps its events after it. Read on the primary, where the writing transactions run.
SETTLED_SQL = """
SELECT least(clock_timestamp(), (
    SELECT min(xact_start) FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'))
"""


def settled_before() -> dt.datetime:
    """Events stamped before this moment are all committed or rolled back; one stamped at or after it may still
    appear. Read-only sessions hold it back too (pg_stat_activity cannot tell them apart): readers wait, they lose
    nothing."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        # pg_stat_activity is read once per transaction and kept; a caller inside a longer one must see it now.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(SETTLED_SQL)
        return cursor.fetchone()[0]

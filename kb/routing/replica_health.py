"""Is a read replica fit to serve reads? One probe (connect, ask the replay lag) per replica, remembered in this
process for KB_REPLICA_CHECK_SECONDS: a dead or lagging replica costs one short connection attempt (the replica's
connect_timeout) per interval, not one per request."""

import logging
import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

from kb.observability.metrics import REPLICA_LAG, REPLICA_UP

logger = logging.getLogger(__name__)

# Seconds the replica's replay is behind the primary. A standby that has replayed all it received is caught up (0)
# however old its last replayed transaction: an idle primary sends nothing new. Not a standby at all: 0.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
END
"""


@dataclass(frozen=True)
class ReplicaState:
    alias: str
    up: bool
    lag_seconds: float | None  # None: down, or a lag the replica cannot tell (nothing replayed yet)
    checked_at: float  # time.monotonic()

    @property
    def problem(self) -> str:
        """Why reads skip this replica ("" when they may use it)."""
        if not self.up:
            return "down"
        if self.lag_seconds is None:
            return "lag unknown"
        return "lagging" if self.lag_seconds > settings.KB_REPLICA_MAX_LAG_SECONDS else ""

    @property
    def usable(self) -> bool:
        return not self.problem


_states: dict[str, ReplicaState] = {}
_probing = threading.Lock()  # one probe at a time per process; other threads use the previous answer meanwhile


def _record(state: ReplicaState) -> ReplicaState:
    _states[state.alias] = state
    REPLICA_UP.labels(database=state.alias).set(1 if state.up else 0)
    REPLICA_LAG.labels(database=state.alias).set(math.nan if state.lag_seconds is None else state.lag_seconds)
    return state


def probe(alias: str) -> ReplicaState:
    """Ask the replica now, and remember the answer."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            lag = cursor.fetchone()[0]
    except Exception as exc:  # any failure means down; the class name says which kind
        logger.warning("read replica %s is down: %s", alias, type(exc).__name__)
        _discard(connection)
        return _record(ReplicaState(alias, False, None, time.monotonic()))
    return _record(ReplicaState(alias, True, None if lag is None else float(lag), time.monotonic()))


def _discard(connection) -> None:
    try:
        connection.close()
    except Exception:  # a connection already broken may fail to close; it is dropped either way
        connection.connection = None


def mark_down(alias: str) -> None:
    """A query on the replica failed: skip it until its next probe (KB_REPLICA_CHECK_SECONDS from now)."""
    _discard(connections[alias])
    _record(ReplicaState(alias, False, None, time.monotonic()))


def replica_state(alias: str) -> ReplicaState:
    """The remembered answer while it is fresh, otherwise a new probe (or, while another thread is probing, the
    previous answer)."""
    state = _states.get(alias)
    if state is not None and time.monotonic() - state.checked_at < settings.KB_REPLICA_CHECK_SECONDS:
        return state
    if not _probing.acquire(blocking=state is None):
        return state
    try:
        return probe(alias)
    finally:
        _probing.release()


def usable_replicas(aliases) -> list[str]:
    return [alias for alias in aliases if replica_state(alias).usable]


def forget() -> None:
    """Drop every remembered answer (the next read probes again)."""
    _states.clear()

"""Is this app server ready for traffic? Each check answers quickly and names what failed, never how (no host
names or error texts: the probe is public to the load balancer). Read replicas are reported (up, lag) but not
required: while the primary answers, reads fall back to it."""

import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from kb.routing.replica_health import replica_state


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    milliseconds: float
    problem: str = ""
    required: bool = True  # a failed check that is not required leaves the server ready
    lag_seconds: float | None = None

    def as_dict(self) -> dict:
        found = {"ok": self.ok, "ms": round(self.milliseconds, 1)}
        if not self.required:
            found["required"] = False
        if self.lag_seconds is not None:
            found["lag_seconds"] = round(self.lag_seconds, 3)
        return {**found, "problem": self.problem} if self.problem else found


_schema_current = False  # once the schema was found current it stays so for this process (migrations run before)


def _database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return ""


def _schema() -> str:
    global _schema_current
    if not _schema_current:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return "migrations not applied"
        _schema_current = True
    return ""


def _cache() -> str:
    key, value = f"kb:readiness:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    found = cache.get(key)
    cache.delete(key)
    return "" if found == value else "value not read back"


def _run(name: str, check) -> Check:
    started = time.perf_counter()
    try:
        problem = check()
    except Exception as exc:  # a probe reports any failure; the class name says which kind
        problem = type(exc).__name__
    return Check(name, not problem, (time.perf_counter() - started) * 1000, problem)


def _replica(alias: str) -> Check:
    started = time.perf_counter()
    # The look the read routing uses (at most KB_REPLICA_CHECK_SECONDS old): a replica that does not answer delays
    # this probe by its connect timeout once an interval, not at every call of the load balancer.
    state = replica_state(alias)
    milliseconds = (time.perf_counter() - started) * 1000
    return Check(alias, state.usable, milliseconds, state.problem, required=False, lag_seconds=state.lag_seconds)


def readiness_checks() -> list[Check]:
    """Every check, in order; the schema is not looked at while the database is down."""
    results = [_run("database", _database)]
    if results[0].ok:
        results.append(_run("schema", _schema))
    results.append(_run("cache", _cache))
    results.extend(_replica(alias) for alias in settings.DATABASE_REPLICAS)
    return results

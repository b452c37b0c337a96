"""Is this app server ready for traffic? Each check answers quickly and names what failed, never how (no host
names or error texts: the probe is public to the load balancer). Read replicas are reported (up, lag) but not
required: while the primary answers, reads fall back to it."""

import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from kb.routing.replica_health import replica_state
from kb.services.workers import worker_state


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    milliseconds: float
    problem: str = ""
    # False: a failure is reported (status "degraded") but the server still takes traffic.
    required: bool = True
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        found = {"ok": self.ok, "ms": round(self.milliseconds, 1), **self.details}
        found = found if self.required else {**found, "required": False}
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


def _cache_required() -> bool:
    """Redis is shared by every app server, and they answer without it (kb/shared_cache.py): its outage taking all of
    them out of the load balancer would turn a degraded service into none. Any other cache failing is this server's
    own fault (a dbcache table missing), and its requests would fail."""
    return not isinstance(caches["default"], RedisCache)


def _worker() -> tuple[str, dict]:
    """The task worker's last heartbeat and the queue it leaves. Not required: this server answers without a worker
    (big imports wait in the queue until one runs), so a missing worker is reported, not a reason to take the server
    out of the load balancer."""
    state = worker_state()
    return state.problem, state.as_dict()


def _run(name: str, check, *, required: bool = True) -> Check:
    """Runs `check`, which returns a problem ("" when fine), or a problem and details to report beside it."""
    started = time.perf_counter()
    details = {}
    try:
        problem = check()
        if isinstance(problem, tuple):
            problem, details = problem
    except Exception as exc:  # a probe reports any failure; the class name says which kind
        problem = type(exc).__name__
    return Check(name, not problem, (time.perf_counter() - started) * 1000, problem, required, details)


def _replica(alias: str) -> Check:
    started = time.perf_counter()
    # The look the read routing uses (at most KB_REPLICA_CHECK_SECONDS old): a replica that does not answer delays
    # this probe by its connect timeout once an interval, not at every call of the load balancer.
    state = replica_state(alias)
    milliseconds = (time.perf_counter() - started) * 1000
    details = {} if state.lag_seconds is None else {"lag_seconds": round(state.lag_seconds, 3)}
    return Check(alias, state.usable, milliseconds, state.problem, required=False, details=details)


def readiness_checks() -> list[Check]:
    """Every check, in order; the schema and the worker are not looked at while the database is down."""
    results = [_run("database", _database)]
    if results[0].ok:
        results.append(_run("schema", _schema))
    results.append(_run("cache", _cache, required=_cache_required()))
    results.extend(_replica(alias) for alias in settings.DATABASE_REPLICAS)
    if results[0].ok:
        results.append(_run("worker", _worker, required=False))
    return results

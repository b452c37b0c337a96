"""Cluster check: the deployment of docs/operations.md ("Beyond one machine") on one machine, under load and faults.

Run with `make cluster-check` (loopback only, bounded in time, everything stopped and removed on exit). It starts:
a PostgreSQL primary (WAL for streaming) with the schema and demo data, a streaming standby (pg_basebackup -R, made
to lag a little: recovery_min_apply_delay), a Redis without persistence, two gunicorn app servers (production
settings, DATABASE_URL = primary, DATABASE_REPLICA_URLS = standby, REDIS_URL, their own PROMETHEUS_MULTIPROC_DIR),
the task worker, and nginx in front of both app servers. Then, for a bounded time, a mixed load through nginx:
anonymous reads of several API routes, partner submissions each read back at once by the same partner, and one
import big enough to be applied by the task worker. A third of the way in one app server is killed (SIGKILL),
later the standby stops (immediate), then both start again.

It checks: no request failed but designed 503/429 (and 502 for requests in flight on the killed server); every
acknowledged write is on the primary and on the standby; reads went to the standby while it was up
(kb_db_reads_total); no partner missed its own write; the standby was reported down and up again (kb_replica_up);
the app servers used the shared Redis; the standby streams again; the import was applied and is on both. It prints
the figures (requests by status, p50/p95, per phase) and exits 1 when any check fails.

    scripts/cluster_check.py [--short] [--from-database URL] [--allow-missing replica,redis] [--keep]

--short: about a minute, for `make test`. --from-database: copy the schema and data of a migrated database that has
the demo data (pg_dump) instead of migrating and seeding (the test passes its test database). --allow-missing:
report the checks that need a piece not deployed yet as PENDING instead of FAILED (only while it is being built).
"""

import argparse
import json
import os
import secrets
import sys
import time
from dataclasses import dataclass, field

from cluster import checks as verdicts
from cluster.load import Load
from cluster.postgres import Cluster, database_copy, primary_create, replay_caught_up, standby_create, streaming
from cluster.processes import PYTHON, Workspace, free_port, kill_group, manage, run, wait_until
from cluster.servers import (
    answers,
    app_ready,
    gunicorn_start,
    nginx_start,
    packages_ensure,
    postgis_ensure,
    redis_info,
    redis_start,
    worker_start,
)
from cluster.traffic import Tally, metric, metrics_read

# Seconds of each phase (all up, one app server killed, the standby stopped too, both back), clients, import rows.
SHORT = {"phases": (10, 6, 8, 10), "clients": 4, "import_rows": 300}
FULL = {"phases": (30, 30, 30, 40), "clients": 8, "import_rows": 3000}
STANDBY_DELAY = "1s"  # the standby applies each commit this late, so a read on it right after a write would miss it


@dataclass
class Stack:
    workspace: Workspace
    primary: Cluster
    standby: Cluster
    env: dict
    redis_port: int
    app_ports: list[int]
    nginx_port: int
    apps: list = field(default_factory=list)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="about a minute (the test suite runs this)")
    parser.add_argument("--from-database", metavar="URL", help="copy this migrated database with demo data")
    parser.add_argument(
        "--allow-missing",
        default="",
        metavar="PIECES",
        help=f"comma-separated, of {', '.join(verdicts.PIECES)}: report their checks as pending",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, data) afterwards")
    args = parser.parse_args()
    args.allow_missing = {p for p in args.allow_missing.split(",") if p}
    if args.allow_missing - set(verdicts.PIECES):
        parser.error(
            f"--allow-missing: unknown piece(s) {', '.join(sorted(args.allow_missing - set(verdicts.PIECES)))}"
        )
    return args


def database_fill(primary: Cluster, workspace: Workspace, source: str | None, env: dict) -> None:
    """The schema and demo data: a copy of `source` (pg_dump) when given, else migrate and kb_seed_demo."""
    if source:
        database_copy(primary, source, workspace.path / "source.dump")
        return
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("kb_seed_demo", "-v", "0", env=env)


def app_env(primary: Cluster, standby: Cluster, redis_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "KB_", "API_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=primary.url(),
        DATABASE_REPLICA_URLS=standby.url(),
        REDIS_URL=redis_url,
        KB_READ_YOUR_WRITES_SECONDS="5",
        KB_REPLICA_MAX_LAG_SECONDS="30",
        KB_IMPORT_BACKGROUND_ROWS="100",
        KB_TRUSTED_PROXY_COUNT="1",  # nginx
        API_ANON_RATE="100000/minute",
        API_PARTNER_RATE="100000/minute",
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
    )
    return env


def stack_start(workspace: Workspace, args) -> Stack:
    step("packages")
    packages_ensure(["redis-server", "nginx"])
    postgis_ensure()
    step("primary")
    primary = primary_create(workspace.path / "primary", free_port())
    workspace.on_close("primary", lambda: primary.stop("immediate"))
    redis_port = free_port()
    standby = Cluster(workspace.path / "standby", free_port(), "standby")
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = app_env(primary, standby, redis_url)
    step("schema and demo data" + (" (copied)" if args.from_database else " (migrate, kb_seed_demo)"))
    database_fill(primary, workspace, args.from_database, env)
    step("standby (pg_basebackup -R)")
    standby = standby_create(
        primary, standby.datadir, standby.port, "kb_standby", {"recovery_min_apply_delay": STANDBY_DELAY}
    )
    workspace.on_close("standby", lambda: standby.stop("immediate"))
    step("redis, app servers, task worker, nginx")
    redis_start(workspace, redis_port)
    stack = Stack(workspace, primary, standby, env, redis_port, [free_port(), free_port()], free_port())
    stack.apps = [gunicorn_start(workspace, f"app{n}", port, env) for n, port in enumerate(stack.app_ports)]
    return stack


def front_start(stack: Stack) -> None:
    """Once the app servers answer (they start while the fixtures are made): nginx in front, and the task worker."""
    for n, port in enumerate(stack.app_ports):
        app_ready(f"app{n}", port)
    nginx_start(stack.workspace, stack.nginx_port, stack.app_ports)
    worker_start(stack.workspace, stack.env)


STARTED = time.monotonic()


def step(what: str) -> None:
    print(f"==> {time.monotonic() - STARTED:5.1f} s  {what}", flush=True)


@dataclass
class Run:
    tally: Tally
    load: Load
    kills: list[tuple[float, float]] = field(default_factory=list)  # from the signal until the group was gone
    reads_up: dict = field(default_factory=dict)  # kb_db_reads_total by alias, all app servers, end of phase 1
    replica_up_while_down: float | None = None
    events: list[str] = field(default_factory=list)


def replica_reads(stack: Stack) -> dict[str, float | None]:
    scraped = [metrics_read(port) for port in stack.app_ports]
    found = {}
    for alias in ("default", "replica_0"):
        values = [metric(s, "kb_db_reads_total", database=alias) for s in scraped]
        found[alias] = sum(v for v in values if v is not None) if any(v is not None for v in values) else None
    return found


def gauge_becomes(port: int, name: str, value: float, seconds: float) -> float | None:
    """Poll an app server's gauge `name` for the standby until it shows `value`; the last value seen (None at once
    when the server does not have the gauge at all)."""
    seen = None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        samples = metrics_read(port)
        seen = metric(samples, name, database="replica_0")
        if seen == value or (samples and not any(n == name for n, _labels in samples)):
            return seen
        time.sleep(0.5)
    return seen


def faults_and_load(stack: Stack, tokens: list[str], args) -> Run:
    """The load through nginx, in four phases: all up; one app server killed; the standby stopped too; both
    started again (the last phase's time counts from when they answer again)."""
    plan = SHORT if args.short else FULL
    tally = Tally(phase="1 all up")
    result = Run(tally, Load(f"http://127.0.0.1:{stack.nginx_port}", tokens, tally))
    result.load.start(plan["clients"], limit=sum(plan["phases"]) + 180)
    try:
        faults(stack, result, plan["phases"])
    finally:
        result.load.stop()
    result.events.append(f"{tally.now():6.1f} s  load finished")
    return result


def faults(stack: Stack, result: Run, phases: tuple[int, ...]) -> None:
    up, one_down, both_down, recovered = phases
    tally = result.tally

    def event(text: str, phase: str | None = None) -> None:
        tally.phase = phase or tally.phase
        result.events.append(f"{tally.now():6.1f} s  {text}")
        print(result.events[-1], flush=True)

    time.sleep(up)
    result.reads_up = replica_reads(stack)
    killed_from = tally.now()
    kill_group(stack.apps[0])
    result.kills.append((killed_from, tally.now()))
    event("app server 0 killed (SIGKILL)", "2 one app server killed")
    time.sleep(one_down)
    stack.standby.stop("immediate")
    event("standby stopped (immediate)", "3 app server and standby down")
    until = time.monotonic() + both_down
    result.replica_up_while_down = gauge_becomes(stack.app_ports[1], "kb_replica_up", 0, both_down)
    time.sleep(max(0.0, until - time.monotonic()))
    stack.standby.start()
    stack.apps[0] = gunicorn_start(stack.workspace, "app0", stack.app_ports[0], stack.env)
    app_ready("app0", stack.app_ports[0])
    event("standby and app server 0 answer again", "4 recovered")
    time.sleep(recovered)


def stored(cluster: Cluster, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = cluster.sql(f"SELECT id, total FROM kb_casualtyrecord WHERE id IN ({','.join(map(str, ids))})")
    return {int(pk): int(total) for pk, total in (line.split("|") for line in rows.splitlines())}


def import_rows(cluster: Cluster) -> int:
    """Rows of the check's import: figures of its area before 1800 (the partners' submissions come after)."""
    return int(
        cluster.sql(
            "SELECT count(*) FROM kb_casualtyrecord r JOIN kb_area a ON a.id = r.area_id "
            "WHERE a.code = 'XKX' AND r.period_start < '1800-01-01'"
        )
    )


def import_check(stack: Stack, batch: int, rows: int) -> verdicts.Check:
    query = f"SELECT status FROM kb_importbatch WHERE id = {batch}"
    try:
        wait_until("import", lambda: stack.primary.sql(query) in ("applied", "rejected"), 300, every=1)
    except TimeoutError:
        pass
    status = stack.primary.sql(query)
    replay_caught_up(stack.primary, stack.standby)
    found = {"primary": import_rows(stack.primary), "standby": import_rows(stack.standby)}
    ok = status == "applied" and found == {"primary": rows, "standby": rows}
    return verdicts.Check(
        "the import ran as a task and its rows are on both",
        ok,
        f"batch {batch} {status}, {rows} rows in the file, found {found}",
    )


def verify(stack: Stack, result: Run, fixtures: dict) -> list[verdicts.Check]:
    answers_all = result.tally.answers
    acknowledged = result.load.acknowledged
    catch_up = replay_caught_up(stack.primary, stack.standby)
    ids = sorted(acknowledged)
    found = [
        verdicts.status_check(answers_all, result.kills),
        verdicts.writes_check("primary", acknowledged, stored(stack.primary, ids)),
        verdicts.writes_check("standby", acknowledged, stored(stack.standby, ids)),
        verdicts.Check(
            "the standby streams again after its restart",
            streaming(stack.primary),
            f"caught up with the primary {catch_up} s after the load",
        ),
        verdicts.replica_reads_check(result.reads_up),
        verdicts.own_reads_check(result.load.missed_own, sum(a.kind == "read-own" for a in answers_all)),
    ]
    up_after = gauge_becomes(stack.app_ports[1], "kb_replica_up", 1, 15)
    found.append(
        verdicts.Check(
            "the standby's outage is seen on /metrics (kb_replica_up)",
            result.replica_up_while_down == 0 and up_after == 1,
            f"kb_replica_up while it was down: {result.replica_up_while_down}, after its restart: {up_after}",
            "replica",
        )
    )
    info = redis_info(stack.redis_port)
    lookups = int(info.get("keyspace_hits", 0)) + int(info.get("keyspace_misses", 0))
    found.append(
        verdicts.Check(
            "the app servers share the cache in Redis",
            lookups > 0,
            f"{lookups} lookups, keys: {info.get('db0', 'none')}",
            "redis",
        )
    )
    ready = [answers(port, "/readyz") for port in stack.app_ports]
    found.append(verdicts.Check("both app servers ready after the restarts", all(ready), f"/readyz: {ready}"))
    found.append(import_check(stack, fixtures["batch"], fixtures["rows"]))
    return found


def report(stack: Stack, result: Run, found: list[verdicts.Check], ok: bool, args) -> None:
    figures = result.tally.figures()
    lag = metric(metrics_read(stack.app_ports[1]), "kb_replica_lag_seconds", database="replica_0")
    print(
        json.dumps(
            {
                "figures": figures,
                "events": result.events,
                "replica_lag_seconds_at_end": lag,
                "reads_by_database_phase_1": result.reads_up,
            },
            indent=2,
        )
    )
    for check in found:
        print(check.line())
    if any(check.pending for check in found):
        print(f"pending pieces allowed by --allow-missing: {', '.join(sorted(args.allow_missing))}")
    print("cluster check:", "OK" if ok else "FAILED", flush=True)


def main() -> int:
    args = arguments()
    plan = SHORT if args.short else FULL
    started = time.monotonic()
    with Workspace("kb-cluster-", keep=args.keep) as workspace:
        try:
            stack = stack_start(workspace, args)
            made = run(
                PYTHON, "scripts/cluster/fixtures.py", plan["import_rows"], plan["clients"], env=stack.env, capture=True
            )
            fixtures = json.loads(made.stdout.strip().splitlines()[-1])
            front_start(stack)
            step(f"load through nginx, {plan['clients']} clients, phases of {plan['phases']} s")
            result = faults_and_load(stack, fixtures["tokens"], args)
            step("checks")
            found = verify(stack, result, fixtures)
        except BaseException:
            for name in ("app0", "app1", "worker", "nginx-error"):
                if tail := workspace.log_tail(name):
                    print(f"--- {name}.log\n{tail}", file=sys.stderr)
            raise
        ok = verdicts.verdict(found, args.allow_missing)
        report(stack, result, found, ok, args)
        if not ok:
            for name in ("app0", "app1", "worker"):
                print(f"--- {name}.log\n{workspace.log_tail(name)}", file=sys.stderr)
    print(f"cluster check took {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

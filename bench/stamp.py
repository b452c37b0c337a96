"""Micro-benchmark of the data stamp (api/caching.py) that every list, page and tile request reads first: the query
sent as text (planned on every request) against kb_data_stamp()
(kb/services/data_stamp.py, its plan kept per connection).

On its own database (BENCH_DB_NAME, default kb_bench_stamp, dropped and created again unless --reuse), migrated and
loaded with the demo data and `kb_seed_hazards --bulk` (--count polygons per country over five countries). Then, on
one connection each, as a request's connection is kept between requests (CONN_MAX_AGE or the pool):
  1. PostgreSQL's own figures: EXPLAIN (ANALYZE, SUMMARY, TIMING OFF), planning and execution time;
  2. the round trip through Django's cursor, as data_stamp() makes it, and the CPU time PostgreSQL's backend
     (from /proc, when the server runs on this machine) and Python spent per stamp: on a loaded machine the
     round trip is mostly waiting for a CPU, the CPU time is what the stamp costs;
  3. the first stamp on a new connection (nothing cached in the session yet: catalogue and plan).
Prints a table and writes bench/results/stamp-<time>.json. Not a timed test: speed is measured here only.

    DATABASE_URL="$(scripts/db.sh)" .venv/bin/python bench/stamp.py            # --count 4000: 20,000 polygons
    DATABASE_URL=... .venv/bin/python bench/stamp.py --reuse --repeat 5000     # the database as it was left
"""

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import machine, reset_database  # bench/run.py, beside this file

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = "AFG,BIH,IRQ,KHM,UKR"
NEW = "SELECT kb_data_stamp()"


def prepare(url: str, count: int) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    seed = ["kb_seed_hazards", "--bulk", "--countries", COUNTRIES, "--count", str(count), "-v0"]
    for command in (["migrate", "-v0"], ["kb_seed_demo", "-v0"], seed):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def sequence_query(cursor) -> str:
    """The stamp as it was read for a while before it shipped, from each history table's id sequence: measured for
    comparison only (the maps figures in docs/performance.md were taken with it). It is wrong: a sequence moves when a
    row is inserted, before it is committed, so another connection gets a stamp for data it cannot see yet."""
    from kb.services.data_stamp import tracked_history_tables

    tables = tracked_history_tables()
    cursor.execute("SELECT pg_get_serial_sequence(t, 'pgh_id') FROM unnest(%s::text[]) AS t", [tables])
    values = " || '|' || ".join(
        f"coalesce(pg_sequence_last_value('{sequence}'::regclass)::text, '')" for (sequence,) in cursor.fetchall()
    )
    replayed = "coalesce(pg_last_wal_replay_lsn()::text, '')"
    return f"SELECT pg_current_snapshot()::text || '|' || {replayed} || '|' || {values}"


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "n": len(values),
        "mean_ms": round(statistics.fmean(values), 4),
        "p50_ms": round(statistics.median(values), 4),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 4),
    }


def explained(cursor, sql: str, repeat: int) -> dict:
    """Planning and execution time PostgreSQL reports, after one statement to warm the session up."""
    planning, execution = [], []
    for attempt in range(repeat + 1):
        cursor.execute(f"EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
        if attempt:
            planning.append(plan["Planning Time"])
            execution.append(plan["Execution Time"])
    return {"planning": summary(planning), "execution": summary(execution)}


def backend_cpu_seconds(pid: int) -> float | None:
    """CPU time the PostgreSQL backend `pid` has used (user + system), when the server runs on this machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def round_trips(cursor, queries: dict[str, str], repeat: int, rounds: int = 4) -> dict:
    """Milliseconds from execute() to the fetched stamp through Django's cursor, and the CPU time the backend and
    this process spent on each. Each query runs in blocks (repeat / rounds in a row, the queries' blocks by turns):
    taken one by one in turn, the scheduler's delay for the CPU one query used fell on the next, whichever it was."""
    cursor.execute("SELECT pg_backend_pid()")
    pid = cursor.fetchone()[0]
    wall = {name: [] for name in queries}
    cpu = {name: {"backend_s": 0.0, "client_s": 0.0} for name in queries}
    for _ in range(rounds):
        for name, sql in queries.items():
            for _ in range(10):  # warm-up after the other query's block
                cursor.execute(sql)
                cursor.fetchone()
            backend, client = backend_cpu_seconds(pid), time.process_time()
            for _ in range(repeat // rounds):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchone()
                wall[name].append((time.perf_counter() - started) * 1000)
            cpu[name]["client_s"] += time.process_time() - client
            if backend is not None:
                cpu[name]["backend_s"] += backend_cpu_seconds(pid) - backend
    results = {}
    for name, values in wall.items():
        results[name] = summary(values)
        results[name]["client_cpu_ms"] = round(cpu[name]["client_s"] * 1000 / len(values), 4)
        backend = cpu[name]["backend_s"] * 1000 / len(values) if backend_cpu_seconds(pid) is not None else None
        results[name]["backend_cpu_ms"] = None if backend is None else round(backend, 4)
    return results


def first_on_a_new_connection(queries: dict[str, str], repeat: int) -> dict:
    from django.db import connection

    timings = {name: [] for name in queries}
    for _ in range(repeat):
        for name, sql in queries.items():
            connection.close()
            connection.ensure_connection()
            with connection.cursor() as cursor:
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchone()
                timings[name].append((time.perf_counter() - started) * 1000)
    return {name: summary(values) for name, values in timings.items()}


def measure(args) -> dict:
    from django.db import connection

    from api.caching import stamp_query

    with connection.cursor() as cursor:
        queries = {
            "query (before)": stamp_query(),
            "kb_data_stamp() (after)": NEW,
            "sequences (not consistent)": sequence_query(cursor),
        }
        cursor.execute(f"SELECT ({stamp_query()}) = kb_data_stamp()")
        assert cursor.fetchone()[0], "kb_data_stamp() does not compute the stamp query"
        cursor.execute("SELECT (SELECT count(*) FROM kb_hazardarea), current_setting('server_version')")
        polygons, version = cursor.fetchone()
        explain = {name: explained(cursor, sql, args.repeat // 10) for name, sql in queries.items()}
        trips = round_trips(cursor, queries, args.repeat)
    first = first_on_a_new_connection(queries, 20)
    return {
        "postgresql": version,
        "polygons": polygons,
        "explain": explain,
        "round_trip": trips,
        "first_on_new_connection": first,
    }


def report(results: dict) -> None:
    print(f"data stamp, {results['polygons']:,} hazard areas + demo data; load average {results['load_average']}")
    print("milliseconds; planning and execution as EXPLAIN reports them; CPU per stamp (PostgreSQL's backend, Python)")
    columns = ("planning p50", "execution p50", "round trip p50", "mean", "backend CPU", "Python CPU", "first p50")
    print(f"{'':28}" + "".join(f"{column:>15}" for column in columns))
    for name in results["round_trip"]:
        explain, trip = results["explain"][name], results["round_trip"][name]
        values = (
            explain["planning"]["p50_ms"],
            explain["execution"]["p50_ms"],
            trip["p50_ms"],
            trip["mean_ms"],
            trip["backend_cpu_ms"],
            trip["client_cpu_ms"],
            results["first_on_new_connection"][name]["p50_ms"],
        )
        print(f"{name:28}" + "".join(f"{'?' if value is None else f'{value:.3f}':>15}" for value in values))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=4000, help="polygons per country (five countries)")
    parser.add_argument("--repeat", type=int, default=2000, help="timed round trips of each query")
    parser.add_argument("--reuse", action="store_true", help="keep the database as it is (no drop, no seeding)")
    args = parser.parse_args()

    server_url = os.environ["DATABASE_URL"]
    name = os.environ.get("BENCH_DB_NAME", "kb_bench_stamp")
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    if not args.reuse:
        url = reset_database(server_url, name)
        prepare(url, args.count)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.dev", DEBUG="false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    started = dt.datetime.now(dt.UTC)
    results = {"started": started.isoformat(timespec="seconds"), "machine": machine(), **measure(args)}
    results["load_average"] = [round(value, 2) for value in os.getloadavg()]
    report(results)
    out = ROOT / "bench" / "results" / f"stamp-{started:%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark at scale: the API on gunicorn against the in-process SQL floor, Datasette and PostgreSQL COPY.

Run with `make bench` (or `scripts/bench.sh [--quick]`). Loopback only, its own database (kb_bench, dropped and
created again each run). Steps:
  1. generate a seeded synthetic data set: casualty records over ~200 areas, 30 years and the breakdown
     dimensions, and land-release records (1,000,000 + 100,000 rows; --quick: 100,000 + 10,000);
  2. load it through the project's import path (`kb_import`, which takes the bulk path for large files), and
     time PostgreSQL COPY of the same files into a table of text columns (the floor);
  3. serve the API with gunicorn and production settings (DEBUG off), publish the same rows with Datasette from
     a SQLite copy, and measure with wrk: a filtered page, the summary, first vs last page, the CSV export (with
     the server's peak memory), JSON lines and pages of 1,000 rows (bench/big_pages.py), each against its floor;
  4. print one table of ratios and write everything to bench/results/bench-<mode>-<time>.json.
"""

import argparse
import base64
import datetime as dt
import itertools
import json
import os
import random
import re
import secrets
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import big_pages
import psycopg
import varied

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "8777"))
DATASETTE_PORT = PORT + 1
SEED = 20261127
YEARS = list(range(1996, 2026))  # 30 years
AREAS = 200
SOURCES = 20
FILE_ROWS = 250_000  # the import format's 50 MB limit: files of at most this many rows
CIVILIAN = [None, "civilian", "military", "deminer", "unknown"]
SEX = [None, "female", "male", "unknown"]
AGE = [None, "child", "adult", "unknown"]
DEVICE = [None, "anti_personnel_mine", "anti_vehicle_mine", "improvised_mine", "cluster_submunition", "other_erw"]
CASUALTY_HEADER = (
    "country_code,period,civilian_status,sex,age_group,device_type,total,killed,injured,source,source_locator"
)
LAND_HEADER = "country_code,period,operator,device_type,released_m2,cleared_m2,reduced_m2,ap_mines_destroyed,source"


def say(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def run(*args, env=None, capture=False):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, capture_output=capture)


# ---------------------------------------------------------------------------------------------------------- data


def generate(work: Path, casualties: int, land: int, areas: list[str], organisations: list[str]) -> dict:
    """Seeded CSV files in the import format; the same arguments always give the same bytes."""
    rng = random.Random(SEED)
    sources = [f"bench-source-{i:02d}" for i in range(1, SOURCES + 1)]
    (work / "sources.csv").write_text(
        "slug,kind,title,publisher,url,language\n"
        + "".join(f"{s},report,Benchmark source {s[-2:]},Bench,https://bench.example.org/{s},en\n" for s in sources)
    )
    cells = len(areas) * len(YEARS)
    files = {"casualties": [], "land-release": []}

    def write(resource: str, header: str, rows):
        chunk, number = [], 0
        for row in itertools.chain(rows, [None]):
            if row is not None:
                chunk.append(row)
            if chunk and (row is None or len(chunk) == FILE_ROWS):
                number += 1
                path = work / f"{resource}-{number:02d}.csv"
                path.write_text(header + "\n" + "".join(chunk))
                files[resource].append(path)
                chunk = []

    combos = list(itertools.product(CIVILIAN, SEX, AGE, DEVICE, sources))  # headline combos come first

    def casualty_rows():
        left = casualties
        for index, (area, year) in enumerate(itertools.product(areas, YEARS)):
            count = left // (cells - index)
            left -= count
            picked = list(range(min(3, count))) + sorted(rng.sample(range(3, len(combos)), max(0, count - 3)))
            for i in picked:
                civilian, sex, age, device, source = combos[i]
                total = rng.randint(0, 400)
                killed = rng.randint(0, total)
                injured = rng.randint(0, total - killed)
                yield (
                    f"{area},{year},{civilian or ''},{sex or ''},{age or ''},{device or ''},{total},{killed},"
                    f"{injured},{source},p. {rng.randint(1, 300)}\n"
                )

    land_combos = list(itertools.product([None, *organisations], DEVICE, sources))

    def land_rows():
        left = land
        for index, (area, year) in enumerate(itertools.product(areas, YEARS)):
            count = left // (cells - index)
            left -= count
            for i in sorted(rng.sample(range(len(land_combos)), count)):
                operator, device, source = land_combos[i]
                cleared, reduced = rng.randint(0, 10**6), rng.randint(0, 10**6)
                released = cleared + reduced + rng.randint(0, 10**5)
                operator_cell = f'"{operator}"' if operator and "," in operator else operator or ""
                yield (
                    f"{area},{year},{operator_cell},{device or ''},{released},{cleared},{reduced},"
                    f"{rng.randint(0, 500)},{source}\n"
                )

    write("casualties", CASUALTY_HEADER, casualty_rows())
    write("land-release", LAND_HEADER, land_rows())
    return files


# ------------------------------------------------------------------------------------------------------ database


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def reset_database(server_url: str, name: str) -> str:
    """A new, empty database `name` on the server of `server_url` (any database there); its URL."""
    drop_database(server_url, name)
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def copy_floor(url: str, files: list[Path], header: str) -> float:
    """Seconds PostgreSQL takes to COPY the same CSV files into a table of text columns."""
    columns = ", ".join(f"{name} text" for name in header.split(","))
    with psycopg.connect(url) as conn:
        conn.execute(f"CREATE UNLOGGED TABLE bench_copy ({columns})")
        conn.commit()
        started = time.perf_counter()
        for path in files:
            with conn.cursor().copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                with open(path, "rb") as handle:
                    while block := handle.read(1 << 20):
                        copy.write(block)
            conn.commit()
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bench_copy")
        conn.commit()
    return elapsed


# ------------------------------------------------------------------------------------------------------ measuring


def wrk(url: str, *, connections: int, seconds: int, headers: tuple[str, ...] = (), script: tuple = ()) -> dict:
    """requests/s and latency percentiles from wrk; `script`: (Lua file, paths file) to vary the request."""
    threads = min(2, connections)
    options = [f"-H{header}" for header in headers]
    if script:
        options += ["-s", script[0]]
    out = run(
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "60s",
        *options,
        url,
        *(("--", script[1], str(threads)) if script else ()),
        capture=True,
    ).stdout

    def ms(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    latency = {p: ms(re.search(rf"^\s+{p}%\s+(\S+)", out, re.M).group(1)) for p in ("50", "99")}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def timed(function, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50_ms": statistics.median(samples),
        "p99_ms": samples[min(len(samples) - 1, int(len(samples) * 0.99))],
        "requests_per_s": 1000 / statistics.mean(samples),
    }


def sql_json(conn, sql: str, params=()):
    """The floor: the query through psycopg, rows to dicts, json.dumps."""

    def once():
        cursor = conn.execute(sql, params)
        names = [c.name for c in cursor.description]
        return json.dumps([dict(zip(names, row, strict=True)) for row in cursor.fetchall()], default=str)

    return once


def get(url: str, headers: dict | None = None) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=600) as response:
        return response.read()


def app_env(url: str) -> dict:
    """The environment the application runs in for a benchmark: production settings (DEBUG off) on database `url`,
    loopback only, persistent connections, no rate limit in the way."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "600",
        "API_ANON_RATE": "100000000/minute",
        "API_PARTNER_RATE": "100000000/minute",
    }


def serve(env: dict, port: int, log: Path) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port`, 2 workers of 2 threads, its warnings to `log`."""
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
    command += ["--threads", "2", "--timeout", "600", "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=open(log, "w"))


def wait_until_up(url: str) -> None:
    for _ in range(300):
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)


def compression_costs(page_url: str, export_url: str, seconds: int) -> dict:
    """What compression costs a request (kb/compression.py): the filtered page's latency and size, and the whole CSV
    export's time and size, per Accept-Encoding (urllib does not decompress: the sizes are what travels)."""
    costs = {}
    for encoding in ("identity", "gzip", "br"):
        headers = {"Accept-Encoding": encoding}
        page = wrk(page_url, connections=1, seconds=seconds, headers=(f"Accept-Encoding: {encoding}",))
        t = time.perf_counter()
        export_bytes = len(get(export_url, headers))
        costs[encoding] = {
            "page_p50_ms": page["p50_ms"],
            "page_bytes": len(get(page_url, headers)),
            "export_s": round(time.perf_counter() - t, 2),
            "export_bytes": export_bytes,
        }
    return costs


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def peak_rss_reset(pids: list[int]) -> None:
    for pid in pids:
        try:
            Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM, the peak resident size
        except OSError:
            pass


def peak_rss_mb(pids: list[int]) -> float:
    peaks = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def api_sql(env: dict, path: str) -> list[str]:
    """The SQL the API runs for `path` (captured in-process with the production settings)."""
    code = (
        "import json, django; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.db import connection\n"
        "with CaptureQueriesContext(connection) as q:\n"
        f"    r = Client().get({path!r}, HTTP_HOST='127.0.0.1')\n"
        "assert r.status_code == 200, r.content[:300]\n"
        "print(json.dumps([x['sql'] for x in q.captured_queries]))\n"
    )
    out = run(PYTHON, "-c", code, env=env, capture=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------------ datasette


def datasette_copy(url: str, path: Path) -> None:
    """The published rows (as the API lists them by default) in SQLite, indexed for the same filter."""
    path.unlink(missing_ok=True)
    lite = sqlite3.connect(path)
    columns = (
        "id integer primary key, area_code text, area_name text, pcode text, period_kind text, period_start text, "
        "period_end text, year integer, civilian_status text, sex text, age_group text, device_type text, "
        "total integer, killed integer, injured integer, fate_unknown integer, share_percent real, share_of integer, "
        "share_basis text, is_preferred integer, qualifiers text, status text, notes text, source_slug text, "
        "source_title text, source_url text, source_locator text, source_quote text"
    )
    lite.execute(f"CREATE TABLE casualties ({columns})")
    with psycopg.connect(url) as conn, conn.cursor(name="export") as cursor:
        cursor.itersize = 20_000
        cursor.execute(
            "SELECT c.id, a.code, a.name, aa.pcode, c.period_kind, c.period_start::text, c.period_end::text, c.year, "
            "c.civilian_status, c.sex, c.age_group, c.device_type, c.total, c.killed, c.injured, c.fate_unknown, "
            "c.share_percent::float, c.share_of, c.share_basis, c.is_preferred::int, c.qualifiers::text, c.status, "
            "c.notes, s.slug, s.title, s.url, c.source_locator, c.source_quote "
            "FROM kb_casualtyrecord c JOIN kb_area a ON a.id = c.area_id JOIN kb_source s ON s.id = c.source_id "
            "LEFT JOIN kb_adminarea aa ON aa.id = c.admin_area_id ORDER BY c.id"
        )
        while rows := cursor.fetchmany(20_000):
            lite.executemany(f"INSERT INTO casualties VALUES ({', '.join(['?'] * 28)})", rows)
    lite.execute("CREATE INDEX casualties_filter ON casualties (area_code, status, is_preferred, year)")
    lite.commit()
    lite.close()


# ---------------------------------------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 casualty rows instead of 1,000,000")
    parser.add_argument("--seconds", type=int, default=None, help="wrk duration per measurement")
    parser.add_argument("--label", default="", help="a word to tell runs apart in the results file name")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    casualties, land = (100_000, 10_000) if args.quick else (1_000_000, 100_000)
    seconds = args.seconds or (5 if args.quick else 8)
    work = ROOT / ".data" / "bench" / mode
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {"mode": mode, "casualty_rows": casualties, "land_release_rows": land, "seed": SEED}

    server_url = os.environ["BENCH_SERVER_URL"]  # postgres://user@127.0.0.1:port/<any database>
    url = reset_database(server_url, os.environ.get("BENCH_DB_NAME", "kb_bench"))
    env = app_env(url)
    say(f"database {url}")
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
    run(PYTHON, "manage.py", "kb_seed_demo", "--reference-only", "-v", "0", env=env)
    with psycopg.connect(url) as conn:
        areas = [
            r[0]
            for r in conn.execute("SELECT code FROM kb_area WHERE kind = 'country' ORDER BY code LIMIT %s", [AREAS])
        ]
        organisations = [r[0] for r in conn.execute("SELECT name FROM kb_organisation ORDER BY name LIMIT 10")]

    say(f"generating {casualties:,} casualty and {land:,} land-release rows")
    t = time.perf_counter()
    files = generate(work, casualties, land, areas, organisations)
    results["generate_s"] = round(time.perf_counter() - t, 2)
    run(
        PYTHON,
        "manage.py",
        "kb_import",
        "sources",
        str(work / "sources.csv"),
        "--status",
        "published",
        "-v",
        "0",
        env=env,
    )

    imports = {}
    for resource, header in (("casualties", CASUALTY_HEADER), ("land-release", LAND_HEADER)):
        rows = casualties if resource == "casualties" else land
        say(f"importing {resource} ({len(files[resource])} files) through kb_import")
        t = time.perf_counter()
        for path in files[resource]:
            run(PYTHON, "manage.py", "kb_import", resource, str(path), "--status", "published", "-v", "0", env=env)
        elapsed = time.perf_counter() - t
        copy_s = copy_floor(url, files[resource], header)
        imports[resource] = {
            "rows": rows,
            "import_s": round(elapsed, 2),
            "import_rows_per_s": round(rows / elapsed),
            "copy_s": round(copy_s, 2),
            "copy_rows_per_s": round(rows / copy_s),
            "ratio": round(copy_s / elapsed, 3),
        }
        say(f"  {imports[resource]}")
    results["import"] = imports
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        count, max_id = conn.execute("SELECT count(*), max(id) FROM kb_casualtyrecord").fetchone()
        area = areas[len(areas) // 2]
        filtered = conn.execute(
            "SELECT count(*) FROM kb_casualtyrecord c JOIN kb_area a ON a.id = c.area_id WHERE a.code = %s "
            "AND c.year BETWEEN 2005 AND 2014 AND c.status = 'published' AND c.is_preferred",
            [area],
        ).fetchone()[0]
    results["filter"] = {"area": area, "years": "2005-2014", "matching_rows": filtered, "table_rows": count}

    say("building the SQLite copy for Datasette")
    t = time.perf_counter()
    lite_path = work / "bench.db"
    datasette_copy(url, lite_path)
    results["sqlite_copy_s"] = round(time.perf_counter() - t, 2)

    base = f"http://127.0.0.1:{PORT}"
    page = f"/api/v1/casualties/?area={area}&year__gte=2005&year__lte=2014&limit=100"
    summary = "/api/v1/casualties/summary/?group_by=area,year"
    first = "/api/v1/casualties/?figures=all&pagination=cursor&limit=100"
    cursor_last = base64.b64encode(urllib.parse.urlencode({"p": str(max_id - 150)}).encode()).decode()
    last = f"{first}&cursor={urllib.parse.quote(cursor_last)}"
    offset_first = "/api/v1/casualties/?figures=all&limit=100&offset=0"
    offset_last = f"/api/v1/casualties/?figures=all&limit=100&offset={count - 150}"
    export = "/api/v1/casualties/?figures=all&format=csv"
    queries = {name: api_sql(env, path) for name, path in (("page", page), ("summary", summary), ("last", last))}
    results["queries_per_request"] = {name: len(sqls) for name, sqls in queries.items()}
    windows = varied.varied_windows(areas, YEARS, 20_000, SEED)
    varied_api = varied.write_paths([varied.api_path(*w) for w in windows], work / "varied-api.txt")
    varied_ds = varied.write_paths([varied.datasette_path(*w) for w in windows], work / "varied-datasette.txt")
    varied_sql = varied.main_queries(varied.api_sql_many(PYTHON, env, [varied.api_path(*w) for w in windows[-200:]]))

    server = serve(env, PORT, work / "gunicorn.log")
    datasette = subprocess.Popen(
        [
            str(ROOT / ".venv-bench" / "bin" / "datasette"),
            "serve",
            str(lite_path),
            "-h",
            "127.0.0.1",
            "-p",
            str(DATASETTE_PORT),
            "--setting",
            "suggest_facets",
            "off",
            "--setting",
            "default_page_size",
            "100",
            "--setting",
            "sql_time_limit_ms",
            "60000",
        ],
        cwd=ROOT,
        stderr=open(work / "datasette.log", "w"),
        stdout=subprocess.DEVNULL,
    )
    ds_page = (
        f"http://127.0.0.1:{DATASETTE_PORT}/bench/casualties.json?area_code={area}&status=published&is_preferred=1"
        "&year__gte=2005&year__lte=2014&_sort_desc=period_start&_size=100&_shape=objects"
    )
    try:
        for target in (base + "/api/v1/", ds_page):
            wait_until_up(target)
        workers = children(server.pid)
        cold = {}
        for path in (page, summary, first, last, offset_first, offset_last):
            for _ in range(3):  # each worker computes once: a request on a worker with nothing cached
                t = time.perf_counter()
                get(base + path)
                cold.setdefault(path, []).append(round((time.perf_counter() - t) * 1000, 1))
        results["first_requests_ms"] = {"page": cold[page], "summary": cold[summary]}
        get(ds_page)

        say("filtered page: API, SQL floor, Datasette")
        with psycopg.connect(url) as conn:
            main_query = next(sql for sql in queries["page"] if "LIMIT 100" in sql)
            floor_page = timed(sql_json(conn, main_query), 300)
            summary_sql = hand_written_summary()
            floor_summary = timed(sql_json(conn, summary_sql), 5 if not args.quick else 20)
        results["page"] = {
            "api_1": wrk(base + page, connections=1, seconds=seconds),
            "api_8": wrk(base + page, connections=8, seconds=seconds),
            "floor": floor_page,
            "datasette_1": wrk(ds_page, connections=1, seconds=seconds),
            "datasette_8": wrk(ds_page, connections=8, seconds=seconds),
        }
        say("varied filtered pages (no URL repeated): API, SQL floor, Datasette")
        with psycopg.connect(url) as conn:
            floor_varied = timed(varied.floor_cycle(conn, varied_sql, sql_json), len(varied_sql))
        ds_base = f"http://127.0.0.1:{DATASETTE_PORT}"
        results["varied"] = {
            "paths": len(windows),
            "api_1": varied.wrk_varied(wrk, base, varied_api, connections=1, seconds=seconds),
            "api_8": varied.wrk_varied(wrk, base, varied_api, connections=8, seconds=seconds),
            "floor": floor_varied,
            "datasette_1": varied.wrk_varied(wrk, ds_base, varied_ds, connections=1, seconds=seconds),
            "datasette_8": varied.wrk_varied(wrk, ds_base, varied_ds, connections=8, seconds=seconds),
        }
        say("summary")
        results["summary"] = {
            "api_1": wrk(base + summary, connections=1, seconds=max(seconds, 10)),
            "floor": floor_summary,
        }
        say("pages: first and near the end")
        results["pages"] = {
            "cursor_first": wrk(base + first, connections=1, seconds=seconds),
            "cursor_last": wrk(base + last, connections=1, seconds=seconds),
            "offset_first": wrk(base + offset_first, connections=1, seconds=seconds),
            "offset_last": wrk(base + offset_last, connections=1, seconds=seconds),
        }
        say("export")
        processes = [server.pid, *workers]
        peak_rss_reset(processes)
        baseline = peak_rss_mb(processes)
        t = time.perf_counter()
        body = get(base + export)
        export_s = time.perf_counter() - t
        peak = peak_rss_mb(processes)
        with psycopg.connect(url) as conn:
            t = time.perf_counter()
            size = 0
            with conn.cursor().copy(f"COPY ({EXPORT_SQL}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy:
                for block in copy:
                    size += len(block)
            copy_s = time.perf_counter() - t
        results["export"] = {
            "api_s": round(export_s, 2),
            "api_bytes": len(body),
            "api_rows": body.count(b"\n") - 1,
            "copy_s": round(copy_s, 2),
            "copy_bytes": size,
            "server_peak_rss_mb": round(peak, 1),
            "server_rss_before_mb": round(baseline, 1),
        }
        say("compression: identity, gzip, Brotli")
        results["compression"] = compression_costs(base + page, base + export, seconds)
        say("big answers: JSON lines against CSV, JSON pages of 1,000 rows")
        helpers = {"get": get, "wrk": wrk, "timed": timed, "sql_json": sql_json, "python": PYTHON, "env": env}
        results["big"] = big_pages.measure(**helpers, url=url, base=base, work=work, count=count, seconds=seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        datasette.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        datasette.wait(timeout=30)

    p, s, g, e = results["page"], results["summary"], results["pages"], results["export"]
    v = results["varied"]
    ratios = [
        (
            "varied page: API / Datasette requests/s (8 conn.)",
            v["api_8"]["requests_per_s"] / v["datasette_8"]["requests_per_s"],
            ">= 2",
        ),
        (
            "varied page: API / Datasette requests/s (1 conn.)",
            v["api_1"]["requests_per_s"] / v["datasette_1"]["requests_per_s"],
            "",
        ),
        ("varied page: API / SQL+json floor, p50 latency", v["api_1"]["p50_ms"] / v["floor"]["p50_ms"], "<= 2"),
        (
            "repeated page (the cache's figure): API / Datasette req/s (8 conn.)",
            p["api_8"]["requests_per_s"] / p["datasette_8"]["requests_per_s"],
            "",
        ),
        (
            "repeated page (the cache's figure): API / Datasette req/s (1 conn.)",
            p["api_1"]["requests_per_s"] / p["datasette_1"]["requests_per_s"],
            "",
        ),
        (
            "repeated page (the cache's figure): API / SQL+json floor, p50",
            p["api_1"]["p50_ms"] / p["floor"]["p50_ms"],
            "",
        ),
        ("summary: API / hand-written GROUP BY, p50", s["api_1"]["p50_ms"] / s["floor"]["p50_ms"], "<= 1.3"),
        ("import: kb_import / COPY rows/s (casualties)", imports["casualties"]["ratio"], ">= 0.3"),
        ("import: kb_import / COPY rows/s (land release)", imports["land-release"]["ratio"], ">= 0.3"),
        ("export: API / COPY TO STDOUT time", e["api_s"] / e["copy_s"], "<= 3"),
        ("export: server peak RSS, MB", e["server_peak_rss_mb"], "< 200"),
        ("last / first page p50, cursor", g["cursor_last"]["p50_ms"] / g["cursor_first"]["p50_ms"], "<= 1.5"),
        ("last / first page p50, offset", g["offset_last"]["p50_ms"] / g["offset_first"]["p50_ms"], ""),
        *big_pages.ratios(results["big"]),
    ]
    results["ratios"] = {name: round(value, 3) for name, value, _ in ratios}
    results["targets"] = {name: target for name, _, target in ratios if target}
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    results["machine"] = machine()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    out = ROOT / "bench" / "results" / f"bench-{mode}{'-' + args.label if args.label else ''}-{stamp}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")

    print(f"\n{'measure':<68} {'value':>9}  target")
    for name, value, target in ratios:
        print(f"{name:<68} {value:>9.3f}  {target}")
    print(
        f"\npage p50: API {p['api_1']['p50_ms']:.2f} ms, floor {p['floor']['p50_ms']:.2f} ms, Datasette "
        f"{p['datasette_1']['p50_ms']:.2f} ms; req/s (8 conn.): API {p['api_8']['requests_per_s']:.0f}, "
        f"Datasette {p['datasette_8']['requests_per_s']:.0f}"
    )
    print(
        f"varied page p50: API {v['api_1']['p50_ms']:.2f} ms, floor {v['floor']['p50_ms']:.2f} ms, Datasette "
        f"{v['datasette_1']['p50_ms']:.2f} ms; req/s (8 conn.): API {v['api_8']['requests_per_s']:.0f}, "
        f"Datasette {v['datasette_8']['requests_per_s']:.0f}"
    )
    print(f"summary p50: API {s['api_1']['p50_ms']:.1f} ms, SQL {s['floor']['p50_ms']:.1f} ms")
    print(f"first requests (nothing cached yet), ms: {results['first_requests_ms']}")
    print(f"export: API {e['api_s']} s, COPY {e['copy_s']} s, peak RSS {e['server_peak_rss_mb']} MB")
    print(f"import casualties: {imports['casualties']}")
    for encoding, cost in results["compression"].items():
        print(
            f"{encoding:>8}: page p50 {cost['page_p50_ms']:.2f} ms, {cost['page_bytes']:,} B; "
            f"export {cost['export_s']} s, {cost['export_bytes']:,} B"
        )
    print(f"results: {out.relative_to(ROOT)} (run took {results['elapsed_s']} s)")
    return 0


# The CSV export's rows and columns (kb/services/exports.py), as one query.
EXPORT_SQL = (
    "SELECT a.code, aa.pcode, c.period_kind, c.period_start, c.period_end, c.civilian_status, c.sex, c.age_group, "
    "c.device_type, c.total, c.killed, c.injured, c.fate_unknown, c.share_percent, c.share_of, c.share_basis, "
    "c.is_preferred, c.qualifiers, s.slug, c.source_locator, c.source_quote, c.notes, s.title, s.url "
    "FROM kb_casualtyrecord c JOIN kb_area a ON a.id = c.area_id JOIN kb_source s ON s.id = c.source_id "
    "LEFT JOIN kb_adminarea aa ON aa.id = c.admin_area_id "
    "WHERE c.status = 'published' ORDER BY a.name, c.period_start DESC, c.id"
)


def hand_written_summary() -> str:
    """casualties/summary grouped by area and year, written by hand."""
    return (
        "SELECT a.code, a.name, c.year, count(*) AS records, array_agg(DISTINCT s.slug ORDER BY s.slug) AS sources, "
        "sum(c.total) AS total, count(c.total) AS total_n, sum(c.killed) AS killed, count(c.killed) AS killed_n, "
        "sum(c.injured) AS injured, count(c.injured) AS injured_n, sum(c.fate_unknown) AS fate_unknown, "
        "count(c.fate_unknown) AS fate_unknown_n "
        "FROM kb_casualtyrecord c JOIN kb_area a ON a.id = c.area_id JOIN kb_source s ON s.id = c.source_id "
        "WHERE c.status = 'published' AND c.is_preferred AND c.period_kind = 'year' AND c.admin_area_id IS NULL "
        "AND c.civilian_status IS NULL AND c.sex IS NULL AND c.age_group IS NULL AND c.device_type IS NULL "
        "AND a.kind <> 'aggregate' GROUP BY a.code, a.name, c.year ORDER BY a.code, a.name, c.year"
    )


def machine() -> dict:
    cpu = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", cpu)
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    return {
        "cpu": model.group(1) if model else "?",
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory.group(1)) / 2**20, 1) if memory else None,
        "python": sys.version.split()[0],
        "postgresql": os.environ.get("BENCH_PG_VERSION", ""),
    }


if __name__ == "__main__":
    sys.exit(main())

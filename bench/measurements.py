"""Step 3 of bench/run.py: serve the API with gunicorn and production settings, publish the same rows with Datasette
from a SQLite copy, and measure with wrk: a filtered page (repeated and varied), the summary, first vs last page,
the CSV export (with the server's peak memory), compression, JSON lines and pages of 1,000 rows
(bench/big_pages.py), each against its floor."""

import base64
import datetime as dt
import os
import signal
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import big_pages
import psycopg
import varied
from common import PYTHON, floor_connection, get, say, serve, wait_until_up
from dataset import SEED, YEARS
from datasette_bench import datasette_copy, datasette_page, datasette_serve
from measure import api_sql, children, compression_costs, peak_rss_mb, peak_rss_reset, sql_json, timed, wrk

PORT = int(os.environ.get("BENCH_PORT", "8777"))
DATASETTE_PORT = PORT + 1
BASE = f"http://127.0.0.1:{PORT}"
# The CSV export's rows and columns (kb/services/exports.py), as one query.
EXPORT_SQL = (
    "SELECT a.code, aa.pcode, c.period_kind, c.period_start, c.period_end, c.civilian_status, c.sex, c.age_group, "
    "c.device_type, c.total, c.killed, c.injured, c.fate_unknown, c.share_percent, c.share_of, c.share_basis, "
    "c.is_preferred, c.qualifiers, s.slug, c.source_locator, c.source_quote, c.notes, s.title, s.url "
    "FROM kb_casualtyrecord c JOIN kb_area a ON a.id = c.area_id JOIN kb_source s ON s.id = c.source_id "
    "LEFT JOIN kb_adminarea aa ON aa.id = c.admin_area_id "
    "WHERE c.status = 'published' ORDER BY a.name, c.period_start DESC, c.id"
)


@dataclass(frozen=True)
class Setup:
    """What the measurements run against: the loaded database, the application's environment on it, the work
    folder, the data set's areas and size, wrk's duration per measurement, and whether the run is --quick."""

    url: str
    env: dict
    work: Path
    areas: list[str]
    count: int
    max_id: int
    seconds: int
    quick: bool


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


def api_paths(area: str, count: int, max_id: int) -> dict[str, str]:
    """The API requests measured: the filtered page, the summary, first and last pages (cursor and offset), the
    CSV export."""
    first = "/api/v1/casualties/?figures=all&pagination=cursor&limit=100"
    cursor_last = base64.b64encode(urllib.parse.urlencode({"p": str(max_id - 150)}).encode()).decode()
    return {
        "page": f"/api/v1/casualties/?area={area}&year__gte=2005&year__lte=2014&limit=100",
        "summary": "/api/v1/casualties/summary/?group_by=area,year",
        "first": first,
        "last": f"{first}&cursor={urllib.parse.quote(cursor_last)}",
        "offset_first": "/api/v1/casualties/?figures=all&limit=100&offset=0",
        "offset_last": f"/api/v1/casualties/?figures=all&limit=100&offset={count - 150}",
        "export": "/api/v1/casualties/?figures=all&format=csv",
    }


def varied_lists(env: dict, work: Path, areas: list[str]) -> dict:
    """20,000 filtered pages, no URL repeated, as wrk's lists for the API and Datasette, and the page queries the
    API runs for the last 200 of them (the floor)."""
    windows = varied.varied_windows(areas, YEARS, 20_000, SEED)
    moment = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # after the imports: every row published
    return {
        "windows": windows,
        "api": varied.write_paths([varied.api_path(*w) for w in windows], work / "varied-api.txt"),
        "as_of": varied.write_paths([varied.as_of_path(*w, moment) for w in windows], work / "varied-as-of.txt"),
        "datasette": varied.write_paths([varied.datasette_path(*w) for w in windows], work / "varied-datasette.txt"),
        "sql": varied.main_queries(varied.api_sql_many(PYTHON, env, [varied.api_path(*w) for w in windows[-200:]])),
    }


def measure(results: dict, setup: Setup) -> None:
    """Step 3, its figures added to `results`."""
    say("building the SQLite copy for Datasette")
    t = time.perf_counter()
    lite_path = setup.work / "bench.db"
    datasette_copy(setup.url, lite_path)
    results["sqlite_copy_s"] = round(time.perf_counter() - t, 2)

    paths = api_paths(results["filter"]["area"], setup.count, setup.max_id)
    queries = {name: api_sql(setup.env, paths[name]) for name in ("page", "summary", "last")}
    results["queries_per_request"] = {name: len(sqls) for name, sqls in queries.items()}
    lists = varied_lists(setup.env, setup.work, setup.areas)

    server = serve(setup.env, PORT, setup.work / "gunicorn.log")
    datasette = datasette_serve(lite_path, DATASETTE_PORT, setup.work)
    ds_page = datasette_page(DATASETTE_PORT, results["filter"]["area"])
    try:
        for target in (BASE + "/api/v1/", ds_page):
            wait_until_up(target)
        processes = [server.pid, *children(server.pid)]
        results["first_requests_ms"] = first_requests(paths)
        get(ds_page)
        served(results, setup, paths, queries, lists, ds_page, processes)
    finally:
        server.send_signal(signal.SIGTERM)
        datasette.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        datasette.wait(timeout=30)


def first_requests(paths: dict[str, str]) -> dict:
    """Each path three times: each worker computes once, a request on a worker with nothing cached."""
    cold = {}
    for name in ("page", "summary", "first", "last", "offset_first", "offset_last"):
        for _ in range(3):
            t = time.perf_counter()
            get(BASE + paths[name])
            cold.setdefault(name, []).append(round((time.perf_counter() - t) * 1000, 1))
    return {"page": cold["page"], "summary": cold["summary"]}


def served(results: dict, setup: Setup, paths: dict, queries: dict, lists: dict, ds_page: str, processes: list):
    """The measurements against the running servers, in order."""
    seconds = setup.seconds
    say("filtered page: API, SQL floor, Datasette")
    with floor_connection(setup.url) as conn:
        main_query = varied.page_statements(queries["page"], 100)
        floor_page = timed(sql_json(conn, main_query), 300)
        floor_summary = timed(sql_json(conn, hand_written_summary()), 5 if not setup.quick else 20)
    page = BASE + paths["page"]
    results["page"] = {
        "api_1": wrk(page, connections=1, seconds=seconds),
        "api_8": wrk(page, connections=8, seconds=seconds),
        "floor": floor_page,
        "datasette_1": wrk(ds_page, connections=1, seconds=seconds),
        "datasette_8": wrk(ds_page, connections=8, seconds=seconds),
    }
    results["varied"] = varied_pages(setup.url, lists, seconds)
    say("summary")
    results["summary"] = {
        "api_1": wrk(BASE + paths["summary"], connections=1, seconds=max(seconds, 10)),
        "floor": floor_summary,
    }
    say("pages: first and near the end")
    results["pages"] = {
        "cursor_first": wrk(BASE + paths["first"], connections=1, seconds=seconds),
        "cursor_last": wrk(BASE + paths["last"], connections=1, seconds=seconds),
        "offset_first": wrk(BASE + paths["offset_first"], connections=1, seconds=seconds),
        "offset_last": wrk(BASE + paths["offset_last"], connections=1, seconds=seconds),
    }
    say("export")
    results["export"] = export(setup.url, BASE + paths["export"], processes)
    say("compression: identity, gzip, Brotli")
    results["compression"] = compression_costs(page, BASE + paths["export"], seconds)
    say("big answers: JSON lines against CSV, JSON pages of 1,000 rows")
    helpers = {"get": get, "wrk": wrk, "timed": timed, "sql_json": sql_json, "python": PYTHON, "env": setup.env}
    results["big"] = big_pages.measure(
        **helpers, url=setup.url, base=BASE, work=setup.work, count=setup.count, seconds=seconds
    )


def varied_pages(url: str, lists: dict, seconds: int) -> dict:
    say("varied filtered pages (no URL repeated): API, SQL floor, Datasette")
    with floor_connection(url) as conn:
        floor_varied = timed(varied.floor_cycle(conn, lists["sql"], sql_json), len(lists["sql"]))
    ds_base = f"http://127.0.0.1:{DATASETTE_PORT}"
    return {
        "paths": len(lists["windows"]),
        "api_1": varied.wrk_varied(wrk, BASE, lists["api"], connections=1, seconds=seconds),
        "api_8": varied.wrk_varied(wrk, BASE, lists["api"], connections=8, seconds=seconds),
        "as_of_1": varied.wrk_varied(wrk, BASE, lists["as_of"], connections=1, seconds=seconds),
        "floor": floor_varied,
        "datasette_1": varied.wrk_varied(wrk, ds_base, lists["datasette"], connections=1, seconds=seconds),
        "datasette_8": varied.wrk_varied(wrk, ds_base, lists["datasette"], connections=8, seconds=seconds),
    }


def export(url: str, export_url: str, processes: list[int]) -> dict:
    """The whole CSV export: its time and the server's peak memory, against COPY of the same rows to STDOUT."""
    peak_rss_reset(processes)
    baseline = peak_rss_mb(processes)
    t = time.perf_counter()
    body = get(export_url)
    export_s = time.perf_counter() - t
    peak = peak_rss_mb(processes)
    with psycopg.connect(url) as conn:
        t = time.perf_counter()
        size = 0
        with conn.cursor().copy(f"COPY ({EXPORT_SQL}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy:
            for block in copy:
                size += len(block)
        copy_s = time.perf_counter() - t
    return {
        "api_s": round(export_s, 2),
        "api_bytes": len(body),
        "api_rows": body.count(b"\n") - 1,
        "copy_s": round(copy_s, 2),
        "copy_bytes": size,
        "server_peak_rss_mb": round(peak, 1),
        "server_rss_before_mb": round(baseline, 1),
    }

"""Big answers, for bench/run.py: the whole resource as JSON lines against the CSV stream of the same rows (rows a
second), and JSON pages of 1,000 rows against their floor (the page's query through psycopg, then json.dumps).

The pages are requested at offsets that differ, so none is answered from the response cache."""

import time

import varied
from common import floor_connection

JSONL = "/api/v1/casualties/?figures=all&format=jsonl"
CSV = "/api/v1/casualties/?figures=all&format=csv"
PAGE = 1000


def page_paths(count: int, number: int = 500) -> list[str]:
    """`number` pages of 1,000 rows at distinct offsets spread over the table."""
    span = max(count - PAGE, 1)
    offsets = sorted({(i * 7919) % span for i in range(number)})
    return [f"/api/v1/casualties/?figures=all&limit={PAGE}&offset={offset}" for offset in offsets]


def streamed(get, url: str, header_lines: int) -> dict:
    started = time.perf_counter()
    body = get(url)
    seconds = time.perf_counter() - started
    rows = body.count(b"\n") - header_lines
    return {"s": round(seconds, 2), "rows": rows, "bytes": len(body), "rows_per_s": round(rows / seconds)}


def measure(*, get, wrk, timed, sql_json, python: str, env: dict, url: str, base: str, work, count: int, seconds: int):
    """The figures (bench/measurements.py passes its helpers: get, wrk, timed, sql_json)."""
    results = {"csv": streamed(get, base + CSV, 1), "jsonl": streamed(get, base + JSONL, 0)}
    paths = page_paths(count)
    listed = varied.write_paths(paths, work / "big-pages.txt")
    results["page_1000"] = varied.wrk_varied(wrk, base, listed, connections=1, seconds=max(seconds, 10))
    # The floor's 40 pages are spread over the same offsets as the API's (the first 40 would be the cheapest: a
    # page's query reads past its offset).
    captured = varied.api_sql_many(python, env, paths[:: max(len(paths) // 40, 1)][:40])
    sqls = [varied.page_statements(queries, PAGE) for queries in captured]
    with floor_connection(url) as conn:
        results["page_1000_floor"] = timed(varied.floor_cycle(conn, sqls, sql_json), len(sqls))
    return results


def ratios(results: dict) -> list[tuple[str, float, str]]:
    csv, jsonl = results["csv"], results["jsonl"]
    page, floor = results["page_1000"], results["page_1000_floor"]
    return [
        ("whole resource: JSON lines / CSV stream, rows/s", jsonl["rows_per_s"] / csv["rows_per_s"], ">= 0.5"),
        ("JSON page of 1,000 rows: API / SQL+json.dumps, p50", page["p50_ms"] / floor["p50_ms"], "<= 2"),
    ]

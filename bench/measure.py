"""How bench/run.py measures: wrk against a URL, in-process timing of a function (the SQL floors), the SQL the API
runs for a path, what compression costs, and the server's peak memory."""

import json
import re
import statistics
import time
from pathlib import Path

import varied
from common import PYTHON, get, run


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


def sql_json(conn, sql, params=()):
    """The floor: the query through psycopg, rows to dicts, json.dumps. `sql` may be a page's statements
    (bench/varied.py page_statements), run in turn as the API runs them (the prepared one prepared), the last one's
    rows written."""
    statements = sql if isinstance(sql, list) else [sql]

    def once():
        for statement in statements:
            if isinstance(statement, dict):
                cursor = conn.execute(statement["prepared"], statement["params"], prepare=True)
            else:
                cursor = conn.execute(statement, params)
        names = [c.name for c in cursor.description]
        return json.dumps([dict(zip(names, row, strict=True)) for row in cursor.fetchall()], default=str)

    return once


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


def api_sql(env: dict, path: str) -> list:
    """The SQL the API runs for `path` (captured in-process with the production settings: varied.api_sql_many)."""
    return varied.api_sql_many(PYTHON, env, [path])[0]

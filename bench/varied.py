"""Varied requests: what partners really send, each its own country and years, so no URL repeats and the response
cache cannot answer. The repeated-URL figure in bench/run.py is the cache's figure; this one is the application's.

wrk replays the list through a Lua script (bench/varied.lua): each wrk thread starts at its own slice of the list
and walks it in order, so no two requests in one measurement ask for the same URL while the list lasts.
"""

import json
import random
import subprocess
from pathlib import Path

LUA = Path(__file__).with_name("varied.lua")
WINDOW_LENGTHS = range(5, 11)  # years in the filter's window


def varied_windows(areas: list[str], years: list[int], count: int, seed: int) -> list[tuple[str, int, int]]:
    """`count` distinct (area, first year, last year) triples in a seeded random order."""
    combos = [
        (area, first, first + length - 1)
        for area in areas
        for length in WINDOW_LENGTHS
        for first in years
        if first + length - 1 <= years[-1]
    ]
    random.Random(seed).shuffle(combos)
    return combos[:count]


def api_path(area: str, first: int, last: int) -> str:
    return f"/api/v1/casualties/?area={area}&year__gte={first}&year__lte={last}&limit=100"


def as_of_path(area: str, first: int, last: int, moment: str) -> str:
    """The same page as the list stood at `moment` (from the history: api/views/mixins/as_of.py)."""
    return f"{api_path(area, first, last)}&as_of={moment}"


def datasette_path(area: str, first: int, last: int) -> str:
    return (
        f"/bench/casualties.json?area_code={area}&status=published&is_preferred=1&year__gte={first}"
        f"&year__lte={last}&_sort_desc=period_start&_size=100&_shape=objects"
    )


def write_paths(paths: list[str], path: Path) -> Path:
    path.write_text("\n".join(paths) + "\n")
    return path


def wrk_varied(wrk, base: str, paths_file: Path, *, connections: int, seconds: int) -> dict:
    """wrk's figures for the listed paths, replayed in order from `base` (bench/measure.py's wrk())."""
    return wrk(base + "/", connections=connections, seconds=seconds, script=(str(LUA), str(paths_file)))


def api_sql_many(python: str, env: dict, paths: list[str]) -> list[list]:
    """The SQL the API runs for each path (captured in one process with the production settings): each statement as
    Django logs it, and those it prepares (api/sql_pages.py, kb/selectors/tiles.py) as {"prepared": text, "params":
    values (a list, or a dict for named parameters)}, in order."""
    code = (
        "import json, sys, django; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.db import connection\n"
        "found = []\n"
        "def kept(execute, sql, params, many, context):\n"
        "    prepared = getattr(context['cursor'].cursor, 'prepared', False)\n"
        "    values = params if isinstance(params, dict) or not prepared else list(params)\n"
        "    sent.append({'prepared': sql, 'params': values} if prepared else None)\n"
        "    return execute(sql, params, many, context)\n"
        "for path in json.loads(sys.stdin.read()):\n"
        "    sent = []\n"
        "    with CaptureQueriesContext(connection) as q, connection.execute_wrapper(kept):\n"
        "        r = Client().get(path, HTTP_HOST='127.0.0.1')\n"
        "    assert r.status_code == 200, r.content[:300]\n"
        "    found.append([p or x['sql'] for p, x in zip(sent, q.captured_queries, strict=True)])\n"
        "print(json.dumps(found))\n"
    )
    out = subprocess.run(
        [python, "-c", code], input=json.dumps(paths), env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def page_statements(sqls: list, limit: int) -> list:
    """A JSON page's statements among a request's (api_sql_many): the query that picks its `limit` rows, then the
    prepared item statement that builds them (api/sql_pages.py), if any."""
    picking = next(sql for sql in sqls if isinstance(sql, str) and f"LIMIT {limit}" in sql)
    return [picking, *(sql for sql in sqls if isinstance(sql, dict))]


def main_queries(captured: list[list]) -> list[list]:
    """Each request's page statements (page_statements of 100 rows)."""
    return [page_statements(sqls, 100) for sqls in captured]


def floor_cycle(conn, sqls: list, sql_json):
    """The floor for varied requests: each call runs the next request's page statements through sql_json
    (bench/measure.py)."""
    steps = [sql_json(conn, sql) for sql in sqls]
    position = -1

    def once():
        nonlocal position
        position = (position + 1) % len(steps)
        return steps[position]()

    return once

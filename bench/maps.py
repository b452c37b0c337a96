"""Maps benchmark: vector tiles and bbox pages over 100,000 synthetic hazard polygons, each against its floor.

Run with `make bench-maps` (or `scripts/bench.sh --maps [--quick]`). Loopback only, its own database (kb_bench_maps,
dropped and created again each run). Steps:
  1. load SYNTHETIC hazard areas over five countries with `kb_seed_hazards --bulk` (one INSERT ... SELECT;
     100,000 polygons, --quick: 10,000);
  2. pick seeded sets of tiles that hold data at zooms 6, 10 and 14, and of bbox pages of 100 records;
  3. serve the application with gunicorn and production settings (bench/common.py) and ask for every tile and
     page once, over one keep-alive connection, each followed by its floor: the same ST_AsMVT SQL (captured from
     the view) run in-process through psycopg, and for pages a hand-written query of the page's rows + json.dumps;
  4. ask for the zoom-14 tiles again through bench/bare_tile_server.py, their statement alone under the same
     gunicorn, each followed by its floor: what HTTP and the server cost around a tile;
  5. if bench/geo_import.py exists, run it with the same number of features;
  6. print one table of ratios and write everything to bench/results/maps-[quick-]<time>.json.

Each tile and page is requested once: the tile and list caches key on the URL and the data stamp, so a URL asked for
once is never answered from memory, and the figures are the application's, not the cache's.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import varied
from common import (
    PYTHON,
    ROOT,
    app_env,
    floor_connection,
    get,
    machine,
    reset_database,
    run,
    say,
    serve,
    wait_until_up,
)

PORT = int(os.environ.get("BENCH_PORT", "8777")) + 2  # beside bench/run.py's gunicorn and Datasette
COUNTRIES = "AFG,BIH,IRQ,KHM,UKR"
SEED = 20261204
ZOOMS = (6, 10, 14)
TARGETS = {"tile": 1.5, "page": 2.0}

# The tile the centre of each polygon falls in, at zoom %(z)s; the distinct ones in a seeded order.
TILES_SQL = """
    SELECT x, y FROM (
        SELECT DISTINCT floor((ST_X(c) + 180) / 360 * 2 ^ %(z)s)::int AS x,
               floor((1 - ln(tan(radians(ST_Y(c))) + 1 / cos(radians(ST_Y(c)))) / pi()) / 2 * 2 ^ %(z)s)::int AS y
          FROM (SELECT ST_PointOnSurface(geometry) AS c FROM kb_hazardarea WHERE status = 'published') p
    ) t ORDER BY md5(%(seed)s || x || '/' || y) LIMIT %(n)s
"""
CENTRES_SQL = """
    SELECT round(ST_X(c)::numeric, 4)::float, round(ST_Y(c)::numeric, 4)::float
      FROM (SELECT ST_PointOnSurface(geometry) AS c, id FROM kb_hazardarea) p ORDER BY md5(%(seed)s || id) LIMIT %(n)s
"""
# The floor of a bbox page: its 100 rows with what the API shows of them, the geometry as GeoJSON, through psycopg
# and json.dumps (no count, no citations: the synthetic polygons have none).
PAGE_SQL = """
    SELECT h.id, a.code AS iso3, a.name AS area_name, aa.pcode, aa.name AS admin_area_name, h.reference, h.name,
           o.id AS operator_id, o.name AS operator_name, o.kind AS operator_kind, h.hazard_class,
           h.contamination_type, h.hazard_status, h.evidence, h.recorded_on, h.reported_area_m2, h.computed_area_m2,
           h.status, h.notes, s.slug, s.title, s.publisher, s.url, s.published_on, h.source_locator, h.source_quote,
           ST_AsGeoJSON(h.geometry)::json AS geometry
      FROM kb_hazardarea h JOIN kb_area a ON a.id = h.area_id JOIN kb_source s ON s.id = h.source_id
           LEFT JOIN kb_adminarea aa ON aa.id = h.admin_area_id LEFT JOIN kb_organisation o ON o.id = h.operator_id
     WHERE h.status = 'published' AND h.geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326)
           AND ST_Intersects(h.geometry, ST_MakeEnvelope(%s, %s, %s, %s, 4326))
     ORDER BY a.name, h.reference, h.id LIMIT 100
"""


def p50(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def fetched(connection: http.client.HTTPConnection, path: str) -> tuple[float, int]:
    """One response over a keep-alive connection, read to its end: milliseconds and bytes."""
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:300]!r}")
    return elapsed, len(body)


def fetch_each(paths: list[str]) -> dict:
    """Each path once over one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    samples = [fetched(connection, path)[0] for path in paths]
    connection.close()
    return {"p50_ms": p50(samples), "max_ms": round(max(samples), 3), "requests": len(paths)}


def interleaved(paths: list[str], url: str, steps: list, port: int = PORT) -> tuple[dict, dict]:
    """Each path once through the API and its floor (a function of a connection) in-process, in turns, after every
    step once to warm up: both then see the machine as it is at that moment. (Measured one after the other, on a
    shared machine, their ratio moved by up to 1.5x from one run to the next.)"""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    api, floor, sizes = [], [], []
    with floor_connection(url, autocommit=True) as conn:
        for step in steps:
            step(conn)
        for path, step in zip(paths, steps, strict=True):
            elapsed, size = fetched(connection, path)
            api.append(elapsed)
            sizes.append(size)
            started = time.perf_counter()
            step(conn)
            floor.append((time.perf_counter() - started) * 1000)
    connection.close()
    measured = {"p50_ms": p50(api), "max_ms": round(max(api), 3), "requests": len(paths), "bytes_p50": p50(sizes)}
    return measured, {"p50_ms": p50(floor), "max_ms": round(max(floor), 3), "runs": len(floor)}


# The pghistory middleware sends its context with every query of a request; the floor is the tile's query alone.
HISTORY_CONTEXT = re.compile(r"^SELECT set_config\('pghistory\.context_id'.*?, true\);", re.S)


def tile_step(sql: str | dict):
    """A tile's statement as the API runs it: prepared (kb/selectors/tiles.py) where it was captured so, its
    parameters bound on the server."""
    if isinstance(sql, dict):
        return lambda conn: bytes(conn.execute(sql["prepared"], sql["params"], prepare=True).fetchone()[0] or b"")
    query = HISTORY_CONTEXT.sub("", sql, count=1)
    return lambda conn: bytes(conn.execute(query).fetchone()[0] or b"")


def statement_text(sql: str | dict) -> str:
    return sql["prepared"] if isinstance(sql, dict) else sql


def page_step(box: tuple[float, ...]):
    def once(conn):
        cursor = conn.execute(PAGE_SQL, (*box, *box))
        names = [c.name for c in cursor.description]
        return json.dumps([dict(zip(names, row, strict=True)) for row in cursor.fetchall()], default=str)

    return once


def tiles_measure(url: str, env: dict, counts: dict) -> tuple[dict, dict, dict]:
    """Per zoom: the tile paths, their floors (the SQL each tile's request runs, captured in-process) and the first
    tile's statement as captured."""
    paths, floors, statements = {}, {}, {}
    with psycopg.connect(url) as conn:
        for z in ZOOMS:
            rows = conn.execute(TILES_SQL, {"z": z, "seed": str(SEED), "n": counts[z]}).fetchall()
            paths[z] = [f"/tiles/hazard-areas/{z}/{x}/{y}.mvt" for x, y in rows]
    for z in ZOOMS:
        say(f"  zoom {z}: {len(paths[z])} tiles, capturing their SQL")
        captured = varied.api_sql_many(PYTHON, env, paths[z])
        tile_sqls = [next(sql for sql in sqls if "ST_AsMVT(" in statement_text(sql)) for sqls in captured]
        floors[z], statements[z] = [tile_step(sql) for sql in tile_sqls], tile_sqls[0]
    return paths, floors, statements


def bare_tiles(env: dict, work: Path, paths: list[str], url: str, floors: list, statement: dict) -> dict:
    """The zoom-14 tiles again through bench/bare_tile_server.py (the statement alone) under the same gunicorn,
    each followed by its floor: what HTTP and the server cost around a tile, whatever the application does."""
    say("tiles at zoom 14: the barest tile server and floor in turns")
    statement_file = work / "tile-statement.json"
    statement_file.write_text(json.dumps(statement))
    bare_env = {**env, "BENCH_TILE_STATEMENT": str(statement_file)}
    server = serve(bare_env, PORT + 1, work / "gunicorn-bare.log", app="bare_tile_server:application")
    try:
        wait_until_up(f"http://127.0.0.1:{PORT + 1}/tiles/hazard-areas/14/0/0.mvt")
        server_ms, floor = interleaved(paths, url, floors, port=PORT + 1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"server": server_ms, "floor": floor}


def warm(base: str) -> None:
    """A few requests of each kind on each worker, on URLs not measured (nothing there)."""
    for n in range(8):
        get(f"{base}/tiles/hazard-areas/14/{n}/0.mvt")
        get(f"{base}/api/v1/hazard-areas/?bbox=0,0,0.{n + 1},0.1&limit=100")
        get(f"{base}/api/v1/hazard-areas/?bbox=0,0,0.{n + 1},0.1&limit=100&format=geojson")


def geo_import(count: int, work: Path) -> dict | None:
    """bench/geo_import.py (the GIS import against ogr2ogr) with the same number of features, where it exists."""
    script = ROOT / "bench" / "geo_import.py"
    if not script.exists():
        return None
    out = work / "geo-import.json"
    say(f"GIS import: bench/geo_import.py --features {count}")
    # It exits 1 when its target is missed; its figures are wanted here either way.
    env = {**os.environ, "DATABASE_URL": os.environ["BENCH_SERVER_URL"]}  # it makes its own database there
    subprocess.run([PYTHON, str(script), "--features", str(count), "--out", str(out)], cwd=ROOT, env=env, check=False)
    return json.loads(out.read_text()) if out.exists() else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 polygons instead of 100,000")
    parser.add_argument("--label", default="", help="a word to tell runs apart in the results file name")
    parser.add_argument("--no-geo-import", action="store_true", help="leave out bench/geo_import.py")
    args = parser.parse_args()
    polygons = 10_000 if args.quick else 100_000
    counts = {6: 100, 10: 150 if args.quick else 300, 14: 300}
    half = 0.6 if args.quick else 0.2  # half the bbox side, degrees: a few hundred polygons in each box
    pages = 100 if args.quick else 200
    work = ROOT / ".data" / "bench" / ("maps-quick" if args.quick else "maps")
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {"mode": "quick" if args.quick else "full", "polygons": polygons, "countries": COUNTRIES}

    url = reset_database(os.environ["BENCH_SERVER_URL"], os.environ.get("BENCH_DB_NAME", "kb_bench_maps"))
    env = app_env(url)
    say(f"database {url}")
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
    run(PYTHON, "manage.py", "kb_seed_demo", "--reference-only", "-v", "0", env=env)
    say(f"seeding {polygons:,} synthetic hazard polygons (kb_seed_hazards --bulk)")
    t = time.perf_counter()
    per_country = polygons // len(COUNTRIES.split(","))
    run(
        PYTHON, "manage.py", "kb_seed_hazards", "--bulk", "--countries", COUNTRIES, "--count", str(per_country), env=env
    )
    results["seed_s"] = round(time.perf_counter() - t, 1)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        centres = conn.execute(CENTRES_SQL, {"seed": str(SEED), "n": pages}).fetchall()
    boxes = [(round(x - half, 4), round(y - half, 4), round(x + half, 4), round(y + half, 4)) for x, y in centres]
    say(f"  {results['seed_s']} s")

    say("choosing tiles")
    tile_paths, tile_floors, tile_statements = tiles_measure(url, env, counts)
    page_paths = {
        fmt: [f"/api/v1/hazard-areas/?bbox={','.join(map(str, box))}&limit=100{suffix}" for box in boxes]
        for fmt, suffix in (("json", ""), ("geojson", "&format=geojson"))
    }
    server = serve(env, PORT, work / "gunicorn.log")
    base = f"http://127.0.0.1:{PORT}"
    try:
        wait_until_up(base + "/api/v1/")
        warm(base)
        for z in ZOOMS:
            say(f"tiles at zoom {z}: API and floor in turns")
            api, floor = interleaved(tile_paths[z], url, tile_floors[z])
            results[f"tile_z{z}"] = {"api": api, "floor": floor}
        say("the fixed cost of a request: empty tiles (nothing there), each once")
        results["empty_tile"] = {"api": fetch_each([f"/tiles/hazard-areas/14/{x}/1.mvt" for x in range(300)])}
        for fmt, paths in page_paths.items():
            say(f"bbox pages ({fmt}): API and floor in turns")
            api, floor = interleaved(paths, url, [page_step(box) for box in boxes])
            results[f"page_{fmt}"] = {"api": api, "floor": floor}
    finally:
        server.terminate()
        server.wait(timeout=30)
    results["bare_tile_z14"] = bare_tiles(env, work, tile_paths[14], url, tile_floors[14], tile_statements[14])
    results["geo_import"] = None if args.no_geo_import else geo_import(polygons, work)
    return report(results, started, args)


def report(results: dict, started: float, args) -> int:
    rows = [(f"tile z{z}: API / ST_AsMVT SQL in-process, p50", f"tile_z{z}", TARGETS["tile"]) for z in ZOOMS]
    rows += [
        (f"bbox page of 100 ({fmt}): API / SQL + json.dumps, p50", f"page_{fmt}", TARGETS["page"])
        for fmt in ("json", "geojson")
    ]
    ratios = {name: round(results[key]["api"]["p50_ms"] / results[key]["floor"]["p50_ms"], 3) for name, key, _ in rows}
    results["ratios"] = ratios
    bare = results["bare_tile_z14"]
    bare_ratio = round(bare["server"]["p50_ms"] / bare["floor"]["p50_ms"], 3)
    results["bare_tile_z14"]["ratio"] = bare_ratio
    results["targets"] = {name: f"<= {target}" for name, _, target in rows}
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    results["machine"] = machine()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    mode = "quick-" if args.quick else ""
    out = ROOT / "bench" / "results" / f"maps-{mode}{args.label + '-' if args.label else ''}{stamp}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")

    print(f"\n{'measure':<58} {'API ms':>9} {'floor ms':>9} {'ratio':>7}  target")
    for name, key, target in rows:
        api, floor = results[key]["api"]["p50_ms"], results[key]["floor"]["p50_ms"]
        verdict = "met" if ratios[name] <= target else "NOT met"
        print(f"{name:<58} {api:>9.2f} {floor:>9.2f} {ratios[name]:>7.2f}  <= {target} {verdict}")
    fixed = results["empty_tile"]["api"]["p50_ms"]
    print(f"an empty tile through the API (the fixed cost of a request), p50: {fixed} ms")
    print(
        f"tile z14 through the barest tile server (its statement alone, same gunicorn), p50: "
        f"{bare['server']['p50_ms']} ms against {bare['floor']['p50_ms']} ms, {bare_ratio}x"
    )
    if results["geo_import"] is not None:
        for row in results["geo_import"]["files"]:
            verdict = "met" if row["ratio"] >= results["geo_import"]["target_ratio"] else "NOT met"
            print(
                f"GIS import, {row['file']} ({row['features']} features): {row['import_rows_per_s']} rows/s, "
                f"{row['ratio']}x ogr2ogr  >= {results['geo_import']['target_ratio']} {verdict}"
            )
    print(f"results: {out.relative_to(ROOT)} (run took {results['elapsed_s']} s; seeding {results['seed_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

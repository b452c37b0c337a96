"""GIS import speed: `kb_import_geo` of a large GeoPackage against ogr2ogr loading the same file into PostGIS.

Issue #17's target: the project's import (every check on, history written) at ≥ 0.3x ogr2ogr's rows/s on a
100,000-feature GeoPackage. Runs on its own database (kb_bench_geo on the server of $DATABASE_URL, dropped and
created again, dropped at the end). Steps:
  1. write seeded GeoPackages of small, irregular hazard polygons with IMSMA Core export attributes
     (docs/maps.md): N features in WGS 84 around three countries' centroids, and N/5 in UTM zone 36N
     (EPSG:32636, metres) around Ukraine's, which both tools must reproject;
  2. time `ogr2ogr -f PostgreSQL` of each file into a scratch table (reprojected to WGS 84, promoted to
     multipolygons, with its spatial index: what the project stores), the floor; and, as a second floor, one
     INSERT ... SELECT of those rows into the project's own tables (indexes, constraints, history trigger, foreign
     keys), rolled back: what writing these tables costs whatever reads the file; and, as a third, the records
     alone without their history rows;
  3. time the project's import of the same file in a child process (`geo_import`, as `kb_import_geo` runs it:
     all checks, drafts, citations, history), with the child's peak memory; check the rows it wrote;
  4. print rows/s of each and the ratio (import to ogr2ogr), and write JSON (--out, default
     bench/results/geo-import-<time>.json).

    DATABASE_URL="$(scripts/db.sh)" .venv/bin/python bench/geo_import.py [--features 100000] [--out FILE.json]

--profile FILE writes a cProfile of the project's import of the WGS 84 file (pstats format).
"""

import argparse
import datetime as dt
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psycopg
import psycopg.conninfo
from common import drop_database, machine, reset_database  # bench/common.py, beside this file

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "kb_bench_geo"
SEED = 20261204
SOURCE = "bench-imsma-export"
# (code, name, centroid longitude, latitude): where the synthetic hazards lie
COUNTRIES = [("UKR", "Ukraine", 31.2, 48.4), ("AFG", "Afghanistan", 66.0, 33.9), ("KHM", "Cambodia", 104.9, 12.6)]
OPERATORS = ["HALO Trust", "Mines Advisory Group", "Danish Refugee Council", "FSD", "State Emergency Service"]
CONTAMINATION = ["AP mines", "AV mines", "CMR", "ERW", "IED", "UXO", "APM", "ATM"]
HAZARD_TYPE = ["CHA", "SHA", "Confirmed", "Suspected"]
STATUS = ["Open", "Worked on", "Closed", "Active"]
METRES_PER_DEGREE = 111_320
UTM_36N = 32636


def say(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def _ring(rng: random.Random, radius_m: float) -> list[tuple[float, float]]:
    """An irregular, never self-crossing outline around (0, 0) in metres: one vertex per equal sector."""
    sides = rng.randint(6, 12)
    points = []
    for i in range(sides):
        angle = (i + rng.uniform(0.1, 0.9)) * 2 * math.pi / sides
        distance = radius_m * rng.uniform(0.6, 1.0)
        points.append((math.cos(angle) * distance, math.sin(angle) * distance))
    return [*points, points[0]]


def _wkb_polygon(ring: list[tuple[float, float]]) -> bytes:
    """A 2D polygon of one ring in little-endian WKB."""
    coordinates = np.asarray(ring, dtype="<f8").tobytes()
    return (
        b"\x01" + (3).to_bytes(4, "little") + (1).to_bytes(4, "little") + len(ring).to_bytes(4, "little") + coordinates
    )


def write_gpkg(path: Path, count: int, *, projected: bool, rng: random.Random, first: int) -> None:
    """`count` hazards as an IMSMA Core export names them; in WGS 84, or in UTM 36N around Ukraine's centroid."""
    import pyogrio.raw

    countries = COUNTRIES[:1] if projected else COUNTRIES
    columns: dict[str, list] = {
        name: []
        for name in (
            "hazard_id",
            "hazard_name",
            "country_code",
            "hazard_type",
            "contamination",
            "status",
            "estimated_area",
            "operator",
            "evidence",
            "last_update",
        )
    }
    geometries = []
    for n in range(first, first + count):
        code, name, lon, lat = countries[n % len(countries)]
        radius = rng.uniform(40, 600)
        ring = _ring(rng, radius)
        if projected:  # around (lon, lat) in UTM 36N: its central meridian is 33° E
            x0 = 500_000 + (lon + rng.uniform(-1.5, 1.5) - 33) * METRES_PER_DEGREE * math.cos(math.radians(lat))
            y0 = (lat + rng.uniform(-1.5, 1.5)) * METRES_PER_DEGREE
            ring = [(x0 + x, y0 + y) for x, y in ring]
        else:
            lon, lat = lon + rng.uniform(-3, 3), lat + rng.uniform(-3, 3)
            scale = METRES_PER_DEGREE * math.cos(math.radians(lat))
            ring = [(lon + x / scale, lat + y / METRES_PER_DEGREE) for x, y in ring]
        geometries.append(_wkb_polygon(ring))
        columns["hazard_id"].append(f"{code}-HA-{n + 1:07d}")
        columns["hazard_name"].append(f"Field {n + 1} near {name}")
        columns["country_code"].append(code)
        columns["hazard_type"].append(rng.choice(HAZARD_TYPE))
        columns["contamination"].append(rng.choice(CONTAMINATION))
        columns["status"].append(rng.choice(STATUS))
        columns["estimated_area"].append(round(math.pi * radius * radius * rng.uniform(0.5, 1.2)))
        columns["operator"].append(rng.choice(OPERATORS) if rng.random() < 0.8 else None)
        columns["evidence"].append(rng.choice(["Mine accident", "Local report", "Survey", "Sighting", None]))
        columns["last_update"].append(f"{rng.randint(2016, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    field_data = [
        np.asarray(values, dtype=np.int64) if name == "estimated_area" else np.asarray(values, dtype=object)
        for name, values in columns.items()
    ]
    pyogrio.raw.write(
        path,
        geometry=np.asarray(geometries, dtype=object),
        field_data=field_data,
        fields=list(columns),
        crs=f"EPSG:{UTM_36N}" if projected else "EPSG:4326",
        driver="GPKG",
        geometry_type="Polygon",
        layer="hazards",
        dataset_options={"VERSION": "1.2"},  # the GeoPackage version GDAL 3.6 (Debian's ogr2ogr) reads in full
    )


def ogr2ogr_seconds(url: str, path: Path) -> float:
    """ogr2ogr of the file into a new table (COPY, the spatial index, WGS 84 multipolygons), then dropped."""
    started = time.perf_counter()
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "PostgreSQL",
            "PG:"
            + psycopg.conninfo.make_conninfo(
                "", **psycopg.conninfo.conninfo_to_dict(url)
            ),  # keywords: GDAL 3.6 does not read postgres:// URLs
            str(path),
            "-nln",
            "bench_ogr2ogr",
            "-overwrite",
            "-t_srs",
            "EPSG:4326",
            "-nlt",
            "PROMOTE_TO_MULTI",
            "-lco",
            "GEOMETRY_NAME=geometry",
        ],
        check=True,
    )
    elapsed = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT count(*) FROM bench_ogr2ogr").fetchone()[0]
    return elapsed, rows


def tables_seconds(url: str, *, history: bool = True) -> float:
    """The second floor: ogr2ogr's rows put into the project's own tables (its indexes, constraints, stored
    geodesic area, foreign keys checked) with their history rows, written as the import writes them (one
    INSERT ... SELECT and one INSERT of the events, the per-row trigger ignored), then rolled back. What any
    import into these tables costs at least, whatever reads and checks the file. With `history` False, the third
    floor: the records alone, no history rows (what an import that kept no history would cost at least)."""
    with psycopg.connect(url) as conn:
        trigger = conn.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'kb_hazardarea'::regclass "
            "AND tgname LIKE 'pgtrigger_insert_insert_%%'"
        ).fetchone()[0]
        tracked = ", ".join(
            name
            for (name,) in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'kb_hazardareaevent' "
                "AND column_name NOT LIKE 'pgh_%%' AND is_generated = 'NEVER' ORDER BY ordinal_position"
            )
        )
        events = f"""INSERT INTO kb_hazardareaevent ({tracked}, pgh_created_at, pgh_label, pgh_obj_id)
            SELECT {tracked}, now(), 'insert', id FROM inserted ORDER BY id"""
        started = time.perf_counter()
        conn.execute("SET LOCAL jit = off")
        conn.execute(f"SET LOCAL pgtrigger.ignore = '{{{trigger}}}'")
        conn.execute(
            f"""
            WITH inserted AS (
                INSERT INTO kb_hazardarea (area_id, reference, name, hazard_class, contamination_type, hazard_status,
                    evidence, notes, geometry, source_id, source_locator, source_quote, status, retraction_reason,
                    version, created_at, updated_at)
                SELECT a.id, o.hazard_id, o.hazard_name, 'cha', 'other_erw', 'open', coalesce(o.evidence, ''), '',
                    o.geometry, s.id, 'floor', '', 'draft', '', 1, now(), now()
                FROM bench_ogr2ogr o JOIN kb_area a ON a.code = o.country_code JOIN kb_source s ON s.slug = %s
                RETURNING {tracked})
            {events if history else "SELECT count(*) FROM inserted"}
            """,
            [SOURCE],
        )
        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign-key checks a commit would run
        elapsed = time.perf_counter() - started
        conn.rollback()
    return elapsed


def drop_ogr2ogr_table(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE bench_ogr2ogr")


def setup(env: dict) -> None:
    """Migrate, then the reference data the files name: countries, operators and the source."""
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    _django(env)
    from kb.choices import OrganisationKindChoices
    from kb.models import Area, Organisation, Source

    for code, name, lon, lat in COUNTRIES:
        Area.objects.create(code=code, name=name, longitude=lon, latitude=lat)
    for name in OPERATORS:
        Organisation.objects.create(name=name, kind=OrganisationKindChoices.NGO)
    Source.objects.create(slug=SOURCE, kind="dataset", title="Benchmark IMSMA Core export (synthetic)")


def _django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def child(path: Path, profile: str | None) -> None:
    """In the child process: the project's import of `path`, timed; prints JSON with seconds and peak memory."""
    _django({})
    from kb.models import HazardArea, Source
    from kb.services.imports.geo import geo_import

    source = Source.objects.get(slug=SOURCE)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    result = geo_import(resource="hazard-areas", path=path, source=source)
    elapsed = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    stored = HazardArea.objects.filter(source=source, source_locator__startswith=f"{path.name}, feature ").count()
    events = HazardArea.pgh_event_model.objects.filter(pgh_obj__source=source).count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"seconds": elapsed, "created": result.created, "stored": stored, "events": events, "peak_mb": peak_mb}
        )
    )


def import_run(env: dict, path: Path, profile: str | None) -> dict:
    args = [sys.executable, __file__, "--child", str(path), *(["--profile", profile] if profile else [])]
    output = subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def measured(url: str, env: dict, path: Path, crs: str, count: int, profile: str | None) -> dict:
    """One file: ogr2ogr, the two table floors and the project's import, timed."""
    floor, floor_rows = ogr2ogr_seconds(url, path)
    say(f"ogr2ogr: {floor:.2f} s")
    tables = tables_seconds(url)
    say(f"INSERT ... SELECT of its rows into the project's tables: {tables:.2f} s")
    table_alone = tables_seconds(url, history=False)
    drop_ogr2ogr_table(url)
    say(f"the same without history rows: {table_alone:.2f} s")
    project = import_run(env, path, profile)
    say(f"kb_import_geo: {project['seconds']:.2f} s, peak {project['peak_mb']:.0f} MB")
    assert floor_rows == count and project["stored"] == count and project["events"] >= count, project
    return {
        "file": path.name,
        "crs": crs,
        "features": count,
        "bytes": path.stat().st_size,
        "ogr2ogr_s": round(floor, 3),
        "ogr2ogr_rows_per_s": round(count / floor),
        "tables_floor_s": round(tables, 3),
        "tables_floor_rows_per_s": round(count / tables),
        "table_alone_floor_s": round(table_alone, 3),
        "table_alone_floor_rows_per_s": round(count / table_alone),
        "table_alone_floor_ratio": round(floor / table_alone, 3),
        "import_s": round(project["seconds"], 3),
        "import_rows_per_s": round(count / project["seconds"]),
        "import_peak_mb": round(project["peak_mb"]),
        "ratio": round(floor / project["seconds"], 3),
        "ratio_to_tables_floor": round(tables / project["seconds"], 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=100_000, help="features in the WGS 84 file (default 100000)")
    parser.add_argument("--out", type=Path, help="JSON results (default bench/results/geo-import-<time>.json)")
    parser.add_argument("--profile", help="write a cProfile of the WGS 84 import to this file")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.profile)
        return 0

    server_url = os.environ["DATABASE_URL"]
    url = reset_database(server_url, DATABASE)
    with psycopg.connect(url) as conn:  # for machine(), as scripts/bench.sh gives it to bench/run.py
        os.environ.setdefault("BENCH_PG_VERSION", conn.execute("SHOW server_version").fetchone()[0])
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "false"}
    rows = []
    try:
        setup(env)
        rng = random.Random(SEED)
        with tempfile.TemporaryDirectory(prefix="kb-bench-geo-") as directory:
            files = [
                ("WGS 84", Path(directory) / "hazards-wgs84.gpkg", args.features, False),
                ("UTM 36N", Path(directory) / "hazards-utm36n.gpkg", max(args.features // 5, 1), True),
            ]
            first = 0
            for crs, path, count, projected in files:
                say(f"writing {count} features ({crs}) to {path.name}")
                write_gpkg(path, count, projected=projected, rng=rng, first=first)
                first += count
                rows.append(measured(url, env, path, crs, count, args.profile if not projected else None))
    finally:
        drop_database(server_url, DATABASE)

    print(
        f"{'file':22} {'features':>8} {'ogr2ogr/s':>10} {'tables/s':>9} {'table/s':>8} {'import/s':>9} "
        f"{'ratio':>6} {'peak MB':>8}"
    )
    for row in rows:
        print(
            f"{row['file']:22} {row['features']:>8} {row['ogr2ogr_rows_per_s']:>10} "
            f"{row['tables_floor_rows_per_s']:>9} {row['table_alone_floor_rows_per_s']:>8} "
            f"{row['import_rows_per_s']:>9} {row['ratio']:>6} {row['import_peak_mb']:>8}"
        )
    result = {
        "benchmark": "geo-import",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "target_ratio": 0.3,
        "files": rows,
    }
    out = args.out or ROOT / "bench" / "results" / f"geo-import-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {out}")
    return 0 if rows[0]["ratio"] >= result["target_ratio"] else 1


if __name__ == "__main__":
    sys.exit(main())

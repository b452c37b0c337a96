"""Step 2 of bench/run.py: a database of its own with the reference data, the synthetic files loaded through the
project's import path (`kb_import`, which takes the bulk path for large files), and PostgreSQL COPY of the same
files into a table of text columns (the floor)."""

import os
import time
from pathlib import Path

import psycopg
from common import PYTHON, app_env, reset_database, run, say
from dataset import AREAS, CASUALTY_HEADER, LAND_HEADER


def database() -> tuple[str, dict]:
    """The benchmark's database, dropped and created again, migrated, with the reference data; its URL and the
    application's environment on it."""
    server_url = os.environ["BENCH_SERVER_URL"]  # postgres://user@127.0.0.1:port/<any database>
    url = reset_database(server_url, os.environ.get("BENCH_DB_NAME", "kb_bench"))
    env = app_env(url)
    say(f"database {url}")
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
    run(PYTHON, "manage.py", "kb_seed_demo", "--reference-only", "-v", "0", env=env)
    return url, env


def reference_names(url: str) -> tuple[list[str], list[str]]:
    """The countries (the first AREAS by code) and organisations (the first ten by name) the data set uses."""
    with psycopg.connect(url) as conn:
        areas = [
            r[0]
            for r in conn.execute("SELECT code FROM kb_area WHERE kind = 'country' ORDER BY code LIMIT %s", [AREAS])
        ]
        organisations = [r[0] for r in conn.execute("SELECT name FROM kb_organisation ORDER BY name LIMIT 10")]
    return areas, organisations


def sources_import(env: dict, work: Path) -> None:
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


def imports(url: str, env: dict, files: dict, rows_by_resource: dict) -> dict:
    """Each resource's files through kb_import, then through COPY: rows/s of each and their ratio."""
    found = {}
    for resource, header in (("casualties", CASUALTY_HEADER), ("land-release", LAND_HEADER)):
        rows = rows_by_resource[resource]
        say(f"importing {resource} ({len(files[resource])} files) through kb_import")
        t = time.perf_counter()
        for path in files[resource]:
            run(PYTHON, "manage.py", "kb_import", resource, str(path), "--status", "published", "-v", "0", env=env)
        elapsed = time.perf_counter() - t
        copy_s = copy_floor(url, files[resource], header)
        found[resource] = {
            "rows": rows,
            "import_s": round(elapsed, 2),
            "import_rows_per_s": round(rows / elapsed),
            "copy_s": round(copy_s, 2),
            "copy_rows_per_s": round(rows / copy_s),
            "ratio": round(copy_s / elapsed, 3),
        }
        say(f"  {found[resource]}")
    return found


def table_facts(url: str, areas: list[str]) -> tuple[dict, int, int]:
    """After VACUUM ANALYZE: the filter the pages are measured with (the middle area, 2005-2014) and the rows it
    matches; the table's row count and highest id."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        count, max_id = conn.execute("SELECT count(*), max(id) FROM kb_casualtyrecord").fetchone()
        area = areas[len(areas) // 2]
        filtered = conn.execute(
            "SELECT count(*) FROM kb_casualtyrecord c JOIN kb_area a ON a.id = c.area_id WHERE a.code = %s "
            "AND c.year BETWEEN 2005 AND 2014 AND c.status = 'published' AND c.is_preferred",
            [area],
        ).fetchone()[0]
    return {"area": area, "years": "2005-2014", "matching_rows": filtered, "table_rows": count}, count, max_id


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

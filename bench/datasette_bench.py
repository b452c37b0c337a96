"""The comparison of bench/run.py: the published casualty rows in SQLite, served by Datasette (from its own venv,
.venv-bench) on the port after the API's."""

import sqlite3
import subprocess
from pathlib import Path

import psycopg
from common import ROOT


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


def datasette_serve(lite_path: Path, port: int, work: Path) -> subprocess.Popen:
    """Datasette on 127.0.0.1:`port` over the SQLite copy: pages of 100 rows, no facets, SQL up to a minute."""
    return subprocess.Popen(
        [
            str(ROOT / ".venv-bench" / "bin" / "datasette"),
            "serve",
            str(lite_path),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
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


def datasette_page(port: int, area: str) -> str:
    """The filtered page the API is measured on, asked of Datasette."""
    return (
        f"http://127.0.0.1:{port}/bench/casualties.json?area_code={area}&status=published&is_preferred=1"
        "&year__gte=2005&year__lte=2014&_sort_desc=period_start&_size=100&_shape=objects"
    )

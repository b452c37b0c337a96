"""Server time of the public pages and the admin dashboard on the demo data (issue: under 300 ms each).

Runs in-process through Django's test client with DEBUG off, on its own database (created, migrated and loaded
with the demo data, then dropped), so only the server's own work is timed: URL routing, queries, templates.
Prints a table and writes bench/results/pages-<time>.json.

    make bench-pages            # or: .venv/bin/python bench/pages.py --repeat 30
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import drop_database, reset_database  # bench/common.py, beside this file

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "/en/",
    "/uk/",
    "/en/?year=2017",
    "/en/countries/",
    "/en/countries/?q=pol",
    "/en/countries/POL/",
    "/uk/countries/POL/",
    "/ru/countries/UKR/",
    "/en/countries/WLD/",
    "/en/countries/POL/casualties.csv",
    "/admin/",
]
BUDGET_MS = 300
DATABASE = "kb_bench_pages"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (after 2 warm-ups)")
    args = parser.parse_args()

    server_url = os.environ["DATABASE_URL"]
    url = reset_database(server_url, DATABASE)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "false"}
    for command in (["migrate", "-v0"], ["kb_seed_demo", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.create_superuser("bench-pages", password=None))
    rows = []
    try:
        for page in PAGES:
            timings = []
            for attempt in range(args.repeat + 2):
                started = time.perf_counter()
                response = client.get(page)
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (page, response.status_code)
                if attempt >= 2:
                    timings.append(elapsed)
            timings.sort()
            rows.append(
                {
                    "page": page,
                    "median_ms": round(statistics.median(timings), 1),
                    "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
                    "max_ms": round(timings[-1], 1),
                    "bytes": len(response.content),
                }
            )
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(server_url, DATABASE)

    print(f"{'page':36} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'bytes':>8}")
    for row in rows:
        flag = "" if row["p95_ms"] < BUDGET_MS else f"  over {BUDGET_MS} ms"
        print(f"{row['page']:36} {row['median_ms']:>10} {row['p95_ms']:>8} {row['max_ms']:>8} {row['bytes']:>8}{flag}")
    result = {
        "benchmark": "pages",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "repeat": args.repeat,
        "budget_ms": BUDGET_MS,
        "pages": rows,
    }
    out = ROOT / "bench" / "results" / f"pages-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")
    return 0 if all(row["p95_ms"] < BUDGET_MS for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

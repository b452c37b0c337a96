"""Benchmark at scale: the API on gunicorn against the in-process SQL floor, Datasette and PostgreSQL COPY.

Run with `make bench` (or `scripts/bench.sh [--quick]`). Loopback only, its own database (kb_bench, dropped and
created again each run). Steps, one module each:
  1. generate a seeded synthetic data set: casualty records over ~200 areas, 30 years and the breakdown
     dimensions, and land-release records (1,000,000 + 100,000 rows; --quick: 100,000 + 10,000) (dataset.py);
  2. load it through the project's import path (`kb_import`, which takes the bulk path for large files), and
     time PostgreSQL COPY of the same files into a table of text columns (the floor) (load.py);
  3. serve the API with gunicorn and production settings (DEBUG off), publish the same rows with Datasette from
     a SQLite copy, and measure with wrk: a filtered page, the summary, first vs last page, the CSV export (with
     the server's peak memory), JSON lines and pages of 1,000 rows (bench/big_pages.py), each against its floor
     (measurements.py, with measure.py and datasette_bench.py);
  4. print one table of ratios and write everything to bench/results/bench-<mode>-<time>.json (report.py).
"""

import argparse
import sys
import time

import load
import measurements
import report
from common import ROOT, say
from dataset import SEED, generate


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 casualty rows instead of 1,000,000")
    parser.add_argument("--seconds", type=int, default=None, help="wrk duration per measurement")
    parser.add_argument("--label", default="", help="a word to tell runs apart in the results file name")
    return parser.parse_args()


def main() -> int:
    args = arguments()
    mode = "quick" if args.quick else "full"
    casualties, land = (100_000, 10_000) if args.quick else (1_000_000, 100_000)
    seconds = args.seconds or (5 if args.quick else 8)
    work = ROOT / ".data" / "bench" / mode
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {"mode": mode, "casualty_rows": casualties, "land_release_rows": land, "seed": SEED}

    url, env = load.database()
    areas, organisations = load.reference_names(url)
    say(f"generating {casualties:,} casualty and {land:,} land-release rows")  # step 1
    t = time.perf_counter()
    files = generate(work, casualties, land, areas, organisations)
    results["generate_s"] = round(time.perf_counter() - t, 2)
    load.sources_import(env, work)  # step 2
    results["import"] = load.imports(url, env, files, {"casualties": casualties, "land-release": land})
    results["filter"], count, max_id = load.table_facts(url, areas)

    setup = measurements.Setup(url, env, work, areas, count, max_id, seconds, args.quick)
    measurements.measure(results, setup)  # step 3

    table = report.ratios(results)  # step 4
    out = report.write(results, table, started=started, mode=mode, label=args.label)
    report.show(results, table, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

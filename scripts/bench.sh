#!/usr/bin/env bash
# `make bench`: the performance benchmark (bench/run.py) on its own database, loopback only.
# `make bench-maps`: the maps benchmark (bench/maps.py), the same way.
# Usage: scripts/bench.sh [--quick] [--label WORD]   (BENCH_DB_NAME, default kb_bench, is dropped and created)
#        scripts/bench.sh --maps [--quick] [--label WORD]   (BENCH_DB_NAME default kb_bench_maps)
set -euo pipefail
cd "$(dirname "$0")/.."
benchmark=bench/run.py
if [ "${1:-}" = --maps ]; then benchmark=bench/maps.py; shift; fi
scripts/venv.sh requirements.txt
if [ "$benchmark" = bench/maps.py ]; then
  scripts/gis.sh  # GDAL, GEOS and PROJ for GeoDjango; the maps benchmark needs neither wrk nor Datasette
elif ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt=(apt-get); elif sudo -n true 2>/dev/null; then apt=(sudo -n apt-get)
  else echo "wrk is missing and installing it needs root: apt-get install wrk" >&2; exit 1; fi
  echo "Installing wrk (Debian package)" >&2
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq wrk >&2 \
    || { "${apt[@]}" update -qq >&2 && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq wrk >&2; }
fi
# Datasette, the comparison, lives in a venv of its own (bench/requirements.txt), never in the application's.
if [ "$benchmark" = bench/run.py ] && { [ ! -x .venv-bench/bin/datasette ] || [ bench/requirements.txt -nt .venv-bench/bin/datasette ]; }; then
  "$(scripts/python.sh)" -m venv .venv-bench
  .venv-bench/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
  touch .venv-bench/bin/datasette
fi
# The server scripts/db.sh finds (not $DATABASE_URL: the benchmark never touches the project's own database).
BENCH_SERVER_URL="$(env -u DATABASE_URL scripts/db.sh)"
export BENCH_SERVER_URL
BENCH_PG_VERSION="$(psql "$BENCH_SERVER_URL" -Atc 'show server_version' 2>/dev/null || true)"
export BENCH_PG_VERSION
exec .venv/bin/python "$benchmark" "$@"

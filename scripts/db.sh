#!/usr/bin/env bash
# Print a DATABASE_URL for a reachable PostgreSQL, starting one if needed. Idempotent.
#   1. $DATABASE_URL if set (nothing is checked or created);
#   2. else a server on 127.0.0.1:5432 that answers;
#   3. else the machine's Debian cluster, started with pg_ctlcluster;
#   4. else a throwaway cluster under .data/pg (initdb), on 127.0.0.1:$KB_PG_PORT.
# In cases 2-4 the role and database (default: kb/kb) are created when missing, and PostGIS (Debian's
# postgresql-<major>-postgis-3, installed when missing) is enabled in it and in template1, so that the databases the
# role creates itself (the test database) have it too: only a superuser may create the extension.
# KB_DB_MODE=throwaway skips 2 and 3 (an isolated cluster even where a server already runs).
# Only the URL goes to stdout; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${DATABASE_URL:-}" ]; then echo "$DATABASE_URL"; exit 0; fi

DB_NAME="${KB_DB_NAME:-kb}"
DB_USER="${KB_DB_USER:-kb}"
THROWAWAY_PORT="${KB_PG_PORT:-54329}"
export PGCONNECT_TIMEOUT=3

say() { echo "db: $*" >&2; }

pg_bindir() {
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n | tail -n 1
}

as_postgres() {  # PostgreSQL refuses to run as root: drop to the postgres user when we are root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

psql_cmd() { local bindir; bindir="$(pg_bindir)"; if [ -n "$bindir" ]; then echo "$bindir/psql"; else command -v psql; fi; }

# Fast path: our role can already reach our database, and PostGIS is enabled in it.
ready() {
  [ "$("$(psql_cmd)" -h "$1" -p "$2" -U "$DB_USER" -d "$DB_NAME" -Atqc \
    "select count(*) from pg_extension where extname = 'postgis'" 2>/dev/null)" = 1 ]
}

# Debian's PostGIS package for the major version of the server on host:port, when that server lacks it.
postgis_package() {
  local host="$1" port="$2" su="$3" psql; psql="$(psql_cmd)"
  if [ "$("$psql" -h "$host" -p "$port" -U "$su" -d postgres -Atqc \
    "select count(*) from pg_available_extensions where name = 'postgis'")" = 1 ]; then return 0; fi
  local major; major="$("$psql" -h "$host" -p "$port" -U "$su" -d postgres -Atqc 'show server_version_num')"
  major=$((major / 10000))
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "PostGIS missing; installing Debian's postgresql-$major-postgis-3"
    (apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get -o DPkg::Lock::Timeout=600 install -y -qq "postgresql-$major-postgis-3") >&2
  else
    say "PostGIS missing: install postgresql-$major-postgis-3 (apt-get) or point DATABASE_URL at a PostGIS server"
    return 1
  fi
}

# Create role and database through a superuser connection (trust auth, as Debian's and our own clusters use locally).
provision() {
  local host="$1" port="$2" psql; psql="$(psql_cmd)"
  local su
  for su in postgres "$(id -un)"; do
    if "$psql" -h "$host" -p "$port" -U "$su" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
      postgis_package "$host" "$port" "$su" || return 1
      "$psql" -h "$host" -p "$port" -U "$su" -d postgres -v ON_ERROR_STOP=1 -q >/dev/null <<SQL
SELECT format('CREATE ROLE %I LOGIN CREATEDB', '$DB_USER')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER')\gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$DB_NAME', '$DB_USER')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')\gexec
\\connect template1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis;
\\connect $DB_NAME
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis;
SQL
      return 0
    fi
  done
  say "a server answers on $host:$port but no superuser login works without a password;"
  say "create the role and database yourself and set DATABASE_URL (see README)."
  return 1
}

use() {  # host port
  if ready "$1" "$2" || provision "$1" "$2"; then echo "postgres://$DB_USER@$1:$2/$DB_NAME"; exit 0; fi
  exit 1
}

answers() { "$(pg_bindir)/pg_isready" -q -h "$1" -p "$2" >/dev/null 2>&1 || "$(psql_cmd)" -h "$1" -p "$2" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; }

bindir="$(pg_bindir)"
if [ -z "$bindir" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  say "no PostgreSQL binaries found; installing Debian's postgresql package"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  bindir="$(pg_bindir)"
fi
if [ -z "$bindir" ]; then say "no PostgreSQL found: install it (apt-get install postgresql) or set DATABASE_URL"; exit 1; fi

# 2. A server already listening on the default port.
if [ "${KB_DB_MODE:-}" != throwaway ] && answers 127.0.0.1 5432; then use 127.0.0.1 5432; fi

# 3. The machine's Debian cluster, if it is merely stopped.
if [ "${KB_DB_MODE:-}" != throwaway ] && command -v pg_lsclusters >/dev/null && command -v pg_ctlcluster >/dev/null; then
  while read -r version cluster port status _; do
    [ "$port" = 5432 ] || continue
    if [ "$status" != online ]; then
      say "starting Debian cluster $version/$cluster"
      pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start >&2 2>&1 || continue
    fi
    for _ in $(seq 1 50); do answers 127.0.0.1 "$port" && use 127.0.0.1 "$port"; sleep 0.1; done
  done < <(pg_lsclusters -h 2>/dev/null)
fi

# 4. A throwaway cluster of our own.
datadir="$PWD/.data/pg"
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$PWD"; then
  datadir="${TMPDIR:-/tmp}/kb-pg-$(echo "$PWD" | md5sum | cut -c1-8)"  # postgres cannot reach the checkout
fi
if ! answers 127.0.0.1 "$THROWAWAY_PORT"; then
  if [ ! -f "$datadir/PG_VERSION" ]; then
    say "initialising a throwaway cluster in $datadir"
    mkdir -p "$datadir"
    [ "$(id -u)" = 0 ] && chown postgres: "$datadir"
    as_postgres "$bindir/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  say "starting the throwaway cluster on 127.0.0.1:$THROWAWAY_PORT"
  as_postgres "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t 30 \
    -o "-p $THROWAWAY_PORT -c listen_addresses=127.0.0.1 -k $datadir" start >/dev/null
fi
use 127.0.0.1 "$THROWAWAY_PORT"

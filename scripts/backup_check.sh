#!/usr/bin/env bash
# Backup and restore, tested: pg_dump the database, restore it into a new database, and compare the API's
# output (a set of public endpoints, byte for byte) between the two.
# Usage: scripts/backup_check.sh   (needs the demo data: `make run` once, or `make seed`)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh requirements.txt
DATABASE_URL="$(scripts/db.sh)"
export DJANGO_SETTINGS_MODULE=config.settings.dev
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
work="$(mktemp -d)"
restored="${DATABASE_URL%/*}/kb_restore_check"
trap 'rm -rf "$work"' EXIT

"$bindir/pg_dump" --format=custom --file="$work/kb.dump" "$DATABASE_URL"
"$bindir/psql" "$DATABASE_URL" -q -c "DROP DATABASE IF EXISTS kb_restore_check" -c "CREATE DATABASE kb_restore_check"
"$bindir/pg_restore" --no-owner --exit-on-error --dbname="$restored" "$work/kb.dump"

snapshot() {
  DATABASE_URL="$1" .venv/bin/python manage.py shell -v 0 -c "
import hashlib
from django.test import Client
client = Client(HTTP_HOST='127.0.0.1')
paths = ['/api/v1/casualties/?figures=all&limit=1000', '/api/v1/countries/POL/profile/?on=2026-03-01',
         '/api/v1/treaty-status/?treaty=APMBC&on=2026-03-01', '/api/v1/casualties/summary/?area=WLD&group_by=year',
         '/api/v1/sources/?limit=1000', '/api/v1/land-release/?figures=all', '/api/v1/funding/?figures=all',
         '/api/v1/programmes/', '/api/v1/production/?figures=all', '/api/v1/changes/?limit=1000']
for path in paths:
    response = client.get(path)
    print(response.status_code, hashlib.sha256(response.content).hexdigest()[:16], path)
"
}
snapshot "$DATABASE_URL" >"$work/original.txt"
snapshot "$restored" >"$work/restored.txt"
"$bindir/psql" "$DATABASE_URL" -q -c "DROP DATABASE kb_restore_check"
cat "$work/original.txt"
if diff -u "$work/original.txt" "$work/restored.txt"; then
  echo "backup check: the restored database serves identical API output"
else
  echo "backup check: FAILED, outputs differ"; exit 1
fi

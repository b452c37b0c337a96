#!/usr/bin/env bash
# `make run`: venv + packages, a PostgreSQL, migrations, catalogues, reference data, the public record and demo data,
# a demo login, then serve.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh requirements.txt
scripts/gis.sh
DATABASE_URL="$(scripts/db.sh)"
export DATABASE_URL DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
echo "Database: $DATABASE_URL"
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py createcachetable   # only does something when CACHE_URL names a database cache
scripts/messages.sh
.venv/bin/python manage.py kb_seed_demo --public
.venv/bin/python manage.py kb_demo_user
cat <<MSG

Serving on http://127.0.0.1:${PORT:-8000}/
  public pages: http://127.0.0.1:${PORT:-8000}/en/ (also /uk/ and /ru/)
  admin:    http://127.0.0.1:${PORT:-8000}/admin/
  API:      http://127.0.0.1:${PORT:-8000}/api/v1/
  API docs: http://127.0.0.1:${PORT:-8000}/api/docs/
MSG
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"

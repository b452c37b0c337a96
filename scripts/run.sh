#!/usr/bin/env bash
# `make run`: venv + packages, a PostgreSQL, migrations, catalogues, reference data, the public record and demo data,
# a demo login, then serve.
# Each step says what it does and how long it took: the first run migrates for a minute or two.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() {  # step "what" command...: one line before, one line after with the time taken
  local what=$1 since=$SECONDS
  shift
  echo "==> $what"
  "$@"
  echo "    done in $((SECONDS - since)) s"
}
step "Python packages (.venv)" scripts/venv.sh requirements.txt
step "GIS libraries (GDAL)" scripts/gis.sh
DATABASE_URL="$(scripts/db.sh)"
export DATABASE_URL DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
echo "Database: $DATABASE_URL"
# -v 1 lists each migration as it is applied ("Applying kb.0001_initial... OK"); nothing when up to date.
step "Migration history" .venv/bin/python manage.py kb_check_migrations
step "Migrations" .venv/bin/python manage.py migrate --no-input -v 1
step "Cache table" .venv/bin/python manage.py createcachetable   # only does something when CACHE_URL names a database cache
step "Translations (uk, ru)" scripts/messages.sh
step "Reference data, public record and demo data (one line per file)" .venv/bin/python manage.py kb_seed_demo --public
step "Demo staff login" .venv/bin/python manage.py kb_demo_user
cat <<MSG

Ready in $((SECONDS - started)) s. Serving on http://127.0.0.1:${PORT:-8000}/
  public pages: http://127.0.0.1:${PORT:-8000}/en/ (also /uk/ and /ru/)
  admin:    http://127.0.0.1:${PORT:-8000}/admin/
  API:      http://127.0.0.1:${PORT:-8000}/api/v1/
  API docs: http://127.0.0.1:${PORT:-8000}/api/docs/
  task worker: applies big imports (manage.py kb_worker), stopped with the server
MSG
.venv/bin/python manage.py kb_worker --no-startup-delay &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
.venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"

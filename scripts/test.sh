#!/usr/bin/env bash
# `make test`: the whole suite against real PostgreSQL, plus lint, Django checks and schema validation.
# Extra arguments go to pytest (scripts/test.sh -k treaty).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh requirements-dev.txt
scripts/gis.sh
scripts/browser.sh
DATABASE_URL="$(scripts/db.sh)"
export DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test
# A Redis for the tests of state shared by several app servers (tests/kb/shared_state/), which fail without it; the
# rest of the suite keeps its per-process cache, whatever REDIS_URL says.
KB_TEST_REDIS_URL="$(REDIS_URL="${KB_TEST_REDIS_URL:-${REDIS_URL:-}}" scripts/redis.sh)"
export KB_TEST_REDIS_URL
unset REDIS_URL
step() { echo "==> $*"; }
# One command a line: under `set -e`, a failure on the left of `&&` would not stop the script.
step "ruff";                 .venv/bin/ruff check .
step "ruff format";          .venv/bin/ruff format --check .
step "sizes";                .venv/bin/python scripts/check_sizes.py
step "django check";         .venv/bin/python manage.py check --fail-level WARNING
step "deploy check";         DJANGO_SETTINGS_MODULE=config.settings.production ALLOWED_HOSTS=kb.example.org \
                               SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
                               .venv/bin/python manage.py check --deploy --fail-level WARNING
step "translations";         scripts/messages.sh
step "OpenAPI schema";       .venv/bin/python manage.py spectacular --validate --fail-on-warn --file /dev/null
step "OpenAPI lint";         scripts/openapi_lint.sh
# One worker per core (KB_TEST_WORKERS=0: one process), each with its own test database. Tests are handed out one
# by one (`--dist load`): the grouping modes key tests by node id, which schemathesis's items share.
step "pytest";               .venv/bin/python -m pytest -n "${KB_TEST_WORKERS:-auto}" --dist load "$@"

#!/usr/bin/env bash
# Lint the generated OpenAPI schema as partners' tools read it: Redocly (recommended rules, redocly.yaml) and Spectral
# (spectral:oas, .spectral.yaml). Both must report 0 errors; the warnings left are explained in docs/api.md.
# The linters are npm packages, pinned here and installed into .tools/ (git-ignored) when missing.
# Needs DATABASE_URL and DJANGO_SETTINGS_MODULE, as set by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
REDOCLY="@redocly/cli@2.77.0"
SPECTRAL="@stoplight/spectral-cli@6.16.3"
tools=".tools/openapi-lint"
stamp="$tools/installed-$(echo "$REDOCLY $SPECTRAL" | tr '@/ ' '___')"
if [ ! -e "$stamp" ]; then
  command -v npm >/dev/null || { echo "openapi_lint: npm is needed (Debian: apt-get install npm)" >&2; exit 1; }
  rm -rf "$tools" && mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent "$REDOCLY" "$SPECTRAL"
  touch "$stamp"
fi
schema="$(mktemp --suffix=.yaml)"
trap 'rm -f "$schema"' EXIT
.venv/bin/python manage.py spectacular --file "$schema"
"$tools/node_modules/.bin/redocly" lint --config redocly.yaml --format summary "$schema"  # counts per rule
"$tools/node_modules/.bin/spectral" lint --ruleset .spectral.yaml --fail-severity error --display-only-failures "$schema"

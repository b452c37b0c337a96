#!/usr/bin/env bash
# Compile the uk/ru catalogues (kb/, api/ and web/locale) when GNU gettext is here; otherwise the committed .mo
# files are used as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v msgfmt >/dev/null; then
  .venv/bin/python manage.py compilemessages --ignore=.venv -v 0
else
  echo "msgfmt not found (Debian package gettext): using the committed .mo files" >&2
fi

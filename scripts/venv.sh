#!/usr/bin/env bash
# Create .venv/ and install the pinned requirements; a no-op when nothing changed.
# Usage: scripts/venv.sh requirements.txt|requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
stamp=".venv/.installed-$(basename "$req" .txt)"

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
  python="$(scripts/python.sh)"
  echo "Creating .venv with $python" >&2
  rm -rf .venv
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip >&2
fi
# Reinstall only when a requirements file is newer than the stamp.
if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ "$req" -nt "$stamp" ]; then
  echo "Installing $req into .venv" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req" >&2
  touch "$stamp"
fi

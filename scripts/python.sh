#!/usr/bin/env bash
# Print the path of a Python interpreter >= 3.12 (Django 6.1 needs it).
# Order: $PYTHON if set; python3 if new enough; the newest 3.12+ that pyenv knows.
set -euo pipefail

ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }

if [ -n "${PYTHON:-}" ]; then
  if ok "$PYTHON"; then command -v "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not Python 3.12 or newer." >&2; exit 1
fi
for candidate in python3 python3.14 python3.13 python3.12; do
  if command -v "$candidate" >/dev/null && ok "$candidate"; then
    "$candidate" -c 'import sys; print(sys.executable)'; exit 0
  fi
done
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
if [ -d "$pyenv_root/versions" ]; then
  # Newest first: sort by version number, keep plain CPython builds (3.12.x, 3.13.x, ...).
  for dir in $(ls -1 "$pyenv_root/versions" | grep -E '^3\.[0-9]+\.[0-9]+$' | sort -t. -k1,1nr -k2,2nr -k3,3nr); do
    if ok "$pyenv_root/versions/$dir/bin/python3"; then echo "$pyenv_root/versions/$dir/bin/python3"; exit 0; fi
  done
fi
cat >&2 <<'MSG'
No Python 3.12 or newer found. Install one, for example:
  Debian 13 / Ubuntu 24.04:  apt-get install python3 python3-venv
  Debian 12:                 pyenv install 3.13   (https://github.com/pyenv/pyenv)
or point PYTHON at an interpreter:  make run PYTHON=/path/to/python3.13
MSG
exit 1

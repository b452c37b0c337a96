#!/usr/bin/env bash
# Debian's chromium for the browser tests (tests/browser): installed when missing, never a downloaded browser.
# Without root (or passwordless sudo) the browser tests are skipped, except in CI (CI set), where that is an error.
set -euo pipefail
chromium="${KB_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

fail() {
  if [ -n "${CI:-}" ]; then echo "error: $*" >&2; exit 1; fi
  echo "warning: $*; the browser tests will be skipped" >&2
  exit 0
}
command -v apt-get >/dev/null || fail "no chromium at $chromium and no apt-get to install it"
if [ "$(id -u)" = 0 ]; then apt=(apt-get)
elif sudo -n true 2>/dev/null; then apt=(sudo -n apt-get)
else fail "no chromium at $chromium, and installing it needs root"
fi
echo "Installing Debian's chromium for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
packages=(chromium fonts-dejavu-core)  # DejaVu has the Cyrillic glyphs of the uk and ru pages
"${apt[@]}" install -y --no-install-recommends "${packages[@]}" >&2 \
  || { "${apt[@]}" update >&2 && "${apt[@]}" install -y --no-install-recommends "${packages[@]}" >&2; } \
  || fail "could not install chromium"

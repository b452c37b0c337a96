#!/usr/bin/env bash
# GeoDjango's native libraries: GDAL (with its ogr2ogr/ogrinfo tools), GEOS and PROJ from Debian's gdal-bin.
# Installed when missing (as root with apt-get); otherwise says what to install. Idempotent and quiet when present.
set -euo pipefail

# The cache is read once into a variable: `ldconfig -p | grep -q` under pipefail fails when grep stops reading early.
have_libs() {
  local cache
  cache="$(ldconfig -p 2>/dev/null || true)"
  grep -q 'libgdal\.so' <<<"$cache" && grep -q 'libgeos_c\.so' <<<"$cache"
}

if have_libs && command -v ogr2ogr >/dev/null && command -v ogrinfo >/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "gis: installing Debian's gdal-bin (GDAL, GEOS, PROJ)" >&2
  # Another apt run on the machine holds the lock for a while: wait for it rather than fail.
  (apt-get -o DPkg::Lock::Timeout=600 update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq gdal-bin) >&2
  ldconfig 2>/dev/null || true
  hash -r
  have_libs && command -v ogrinfo >/dev/null && exit 0
fi
echo "gis: GDAL and GEOS are missing: install Debian's gdal-bin (apt-get install gdal-bin)" >&2
exit 1

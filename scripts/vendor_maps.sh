#!/usr/bin/env bash
# Vendors the map library and the offline basemap into the repository (docs/maps.md): the site serves both from
# its own origin, so its maps work offline and under its Content-Security-Policy (no CDN, no tile host).
#   kb/static/kb/maps/vendor/: maplibre-gl's ES module, its worker module and stylesheet, with VERSIONS and SHA256SUMS
#   (tests/test_vendored_maps.py checks the files against SHA256SUMS).
# Run it by hand to change a version (pinned below), then commit what it wrote. Needs npm and node.
set -euo pipefail
MAPLIBRE_VERSION="6.17.0"

root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/kb/static/kb/maps/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch NAME VERSION: the package's tarball from the npm registry, unpacked in $work/NAME
  local name="$1" version="$2"
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  mkdir -p "$work/$name"
  tar xzf "$work/$name-$version.tgz" -C "$work/$name" --strip-components=1
  integrity="$(cd "$work" && npm view "$name@$version" dist.integrity)"
  echo "$name $version $integrity" >>"$work/VERSIONS"
}

: >"$work/VERSIONS"
fetch maplibre-gl "$MAPLIBRE_VERSION"
rm -rf "$vendor" && mkdir -p "$vendor"
# The worker module is loaded from beside the library (same origin: the CSP's script-src 'self' allows it).
for file in maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl.css; do
  cp "$work/maplibre-gl/dist/$file" "$vendor/$file"
done
cp "$work/maplibre-gl/LICENSE.txt" "$vendor/maplibre-gl.LICENSE.txt"

cp "$work/VERSIONS" "$vendor/VERSIONS"
(cd "$vendor" && sha256sum $(ls | grep -v -e '^SHA256SUMS$' | sort) >SHA256SUMS)
echo "Vendored into $vendor:" && cat "$vendor/VERSIONS"

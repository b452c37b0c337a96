#!/usr/bin/env bash
# Vendors the map library and the offline basemap into the repository (docs/maps.md): the site serves both from
# its own origin, so its maps work offline and under its Content-Security-Policy (no CDN, no tile host).
#   kb/static/kb/maps/vendor/: maplibre-gl's ES module, its worker module and stylesheet, and terra-draw's ES modules
#   (the drawing library of the admin's geometry editor, with its MapLibre adapter), with VERSIONS and SHA256SUMS
#   kb/basemap/: Natural Earth's country outlines (public domain) from world-atlas's countries-110m TopoJSON, made
#   GeoJSON with topojson-client, each country given its ISO 3166-1 alpha-3 code from Debian's iso-codes; the initial
#   migration (0001_initial) loads it into kb_basemapcountry, served as the vector tile layer `basemap`.
#   tests/web/test_vendored_maps.py checks both folders against their SHA256SUMS.
# Run it by hand to change a version (pinned below), then commit what it wrote. Needs npm, node and iso-codes.
set -euo pipefail
MAPLIBRE_VERSION="6.17.0"
TERRA_DRAW_VERSION="1.35.0"
TERRA_DRAW_ADAPTER_VERSION="1.4.1"
WORLD_ATLAS_VERSION="2.0.2"
TOPOJSON_CLIENT_VERSION="3.1.0"
ISO_CODES="/usr/share/iso-codes/json/iso_3166-1.json"

root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/kb/static/kb/maps/vendor"
basemap="$root/kb/basemap"
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

record() {  # record FOLDER: the versions fetched and every file's checksum
  cp "$work/VERSIONS" "$1/VERSIONS"
  (cd "$1" && sha256sum $(ls | grep -v -e '^SHA256SUMS$' | sort) >SHA256SUMS)
  echo "Vendored into $1:" && cat "$1/VERSIONS"
}

[ -f "$ISO_CODES" ] || apt-get install -y --no-install-recommends iso-codes >&2

: >"$work/VERSIONS"
fetch maplibre-gl "$MAPLIBRE_VERSION"
rm -rf "$vendor" && mkdir -p "$vendor"
# The worker module is loaded from beside the library (same origin: the CSP's script-src 'self' allows it).
for file in maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl.css; do
  cp "$work/maplibre-gl/dist/$file" "$vendor/$file"
done
cp "$work/maplibre-gl/LICENSE.txt" "$vendor/maplibre-gl.LICENSE.txt"
fetch terra-draw "$TERRA_DRAW_VERSION"
fetch terra-draw-maplibre-gl-adapter "$TERRA_DRAW_ADAPTER_VERSION"
cp "$work/terra-draw/dist/terra-draw.modern.js" "$vendor/terra-draw.mjs"
# The adapter imports the bare name "terra-draw", which a browser resolves only through an import map (an inline
# script, which the CSP refuses): point it at the file beside it. Source maps are not vendored: drop their comments.
sed -e 's|from"terra-draw"|from"./terra-draw.mjs"|' \
  "$work/terra-draw-maplibre-gl-adapter/dist/terra-draw-maplibre-gl-adapter.modern.js" \
  >"$vendor/terra-draw-maplibre-gl-adapter.mjs"
grep -q 'from"./terra-draw.mjs"' "$vendor/terra-draw-maplibre-gl-adapter.mjs"
sed -i -e '/^\/\/# sourceMappingURL=/d' "$vendor/terra-draw.mjs" "$vendor/terra-draw-maplibre-gl-adapter.mjs"
# Both packages are MIT (their package.json) but ship no licence file: this is the text of the repository's LICENSE
# (github.com/JamesLMilner/terra-draw), which covers both.
cat >"$vendor/terra-draw.LICENSE.txt" <<'TXT'
Copyright 2022 James Milner

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
TXT
record "$vendor"

: >"$work/VERSIONS"
fetch world-atlas "$WORLD_ATLAS_VERSION"
fetch topojson-client "$TOPOJSON_CLIENT_VERSION"
rm -rf "$basemap" && mkdir -p "$basemap"
cp "$work/world-atlas/LICENSE" "$basemap/world-atlas.LICENSE.txt"
cat >"$work/convert.cjs" <<'JS'
// countries-110m.json (TopoJSON, ISO 3166-1 numeric ids) -> GeoJSON with `code` (alpha-3, empty where the id is
// missing or unknown, e.g. Kosovo, Somaliland), `numeric` and `name` (Natural Earth's English name).
const fs = require("fs");
const [client, topologyFile, isoFile] = process.argv.slice(2);
const topojson = require(client);
const topology = JSON.parse(fs.readFileSync(topologyFile, "utf8"));
const alpha3 = Object.fromEntries(JSON.parse(fs.readFileSync(isoFile, "utf8"))["3166-1"].map(c => [c.numeric, c.alpha_3]));
const collection = topojson.feature(topology, topology.objects.countries);
collection.features = collection.features.map(f => ({
  type: "Feature",
  properties: {code: alpha3[f.id] || "", numeric: f.id || "", name: f.properties.name},
  geometry: f.geometry,
}));
process.stdout.write(JSON.stringify(collection) + "\n");
JS
node "$work/convert.cjs" "$work/topojson-client" "$work/world-atlas/countries-110m.json" "$ISO_CODES" \
  >"$basemap/countries-110m.geojson"
echo "iso-codes $(dpkg-query -W -f '${Version}' iso-codes) debian" >>"$work/VERSIONS"
record "$basemap"

"""GeoPackage files of polygons, written by GDAL's ogr2ogr (Debian's gdal-bin, installed by scripts/gis.sh).

GeoDjango reads vector files but does not write them; ogr2ogr turns the same GeoJSON the API serves into a
GeoPackage, so both downloads hold the same features and attributes."""

import json
import subprocess
import tempfile
from pathlib import Path

# ogr2ogr writes a few hundred thousand polygons in well under this; a stuck conversion must not hold a worker.
OGR2OGR_TIMEOUT_SECONDS = 600


def geopackage_from_features(*, collection: dict, layer: str) -> bytes:
    """A GeoPackage with one layer `layer` holding the FeatureCollection's features (WGS 84; nested properties such
    as the area or the source become JSON text columns)."""
    with tempfile.TemporaryDirectory(prefix="kb-gpkg-") as directory:
        source, target = Path(directory) / "features.geojson", Path(directory) / f"{layer}.gpkg"
        source.write_text(json.dumps(collection))
        subprocess.run(
            ["ogr2ogr", "-f", "GPKG", "-nln", layer, "-nlt", "MULTIPOLYGON", str(target), str(source)],
            check=True,
            capture_output=True,
            timeout=OGR2OGR_TIMEOUT_SECONDS,
        )
        return target.read_bytes()

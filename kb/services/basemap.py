"""Loads the vendored country outlines (kb/basemap/countries-110m.geojson, scripts/vendor_maps.sh) into the table
behind the `basemap` tile layer. The initial migration (0001_initial) runs it; it replaces whatever the table held."""

import json
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon

BASEMAP_FILE = Path(__file__).resolve().parents[1] / "basemap" / "countries-110m.geojson"


def _multipolygon(geometry: dict) -> MultiPolygon:
    shape = GEOSGeometry(json.dumps(geometry), srid=4326)
    return shape if isinstance(shape, MultiPolygon) else MultiPolygon(shape, srid=4326)


def basemap_load(model) -> int:
    """Replace the rows of `model` (BasemapCountry, or its historical version in a migration) with the file's."""
    features = json.loads(BASEMAP_FILE.read_text())["features"]
    model.objects.all().delete()
    model.objects.bulk_create(
        model(
            code=feature["properties"]["code"],
            numeric=feature["properties"]["numeric"],
            name=feature["properties"]["name"],
            geometry=_multipolygon(feature["geometry"]),
        )
        for feature in features
    )
    return len(features)

"""Reading the features of a field system's export with GDAL: GeoJSON, GeoPackage, zipped Shapefile and KML.

Each feature comes back with its attributes (names lower-cased) and its geometry in WGS 84, repaired or with the
reason it is unusable. Numbering is 1-based in file order, as a GIS shows it, so errors can name the feature."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.gdal import DataSource, GDALException, SpatialReference
from django.contrib.gis.gdal.layer import Layer
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError

from kb.services.geometry import WGS84, coordinates_check, multipolygon_from
from kb.services.imports.errors import ImportIssue, ImportRejected

GEO_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".zip": "ESRI Shapefile", ".kml": "KML"}
# Formats whose specification fixes the coordinates to WGS 84 when the file states nothing.
WGS84_BY_DEFINITION = {"GeoJSON", "KML"}
# The only GeoJSON "crs" names accepted: GDAL 3.6 would otherwise follow a name that is a file path or URL.
SAFE_CRS_NAME = re.compile(r"^(EPSG:\d+|urn:ogc:def:crs:(EPSG::\d+|OGC:1\.3:CRS84))$")

MSG_FORMAT = "Unsupported file type {suffix!r}: use .geojson, .gpkg, .zip (Shapefile) or .kml."
MSG_UNREADABLE = "GDAL cannot read the file: {reason}"
MSG_NO_LAYER = "The file has no layer with features."
MSG_NO_CRS = "The layer states no coordinate reference system (a Shapefile needs its .prj file)."
MSG_CRS_NAME = 'The GeoJSON "crs" must be an EPSG or OGC code, not {name!r}.'
MSG_NO_GEOMETRY = "The feature has no geometry."
MSG_INVALID = "Invalid geometry: {reason}"
MSG_REPROJECT = "The geometry cannot be reprojected to WGS 84: {reason}"


@dataclass
class GeoFeature:
    number: int
    attributes: dict
    geometry: GEOSGeometry | None
    repaired: str = ""  # why the geometry was repaired, when it was


def geo_layer_open(*, path: Path) -> tuple[str, str, Layer, SpatialReference]:
    """(driver, the name GDAL opens, the file's first layer with features, its CRS); ImportRejected for a file
    that cannot be read as a whole. The DataSource must stay referenced while the layer is used."""
    driver = GEO_SUFFIXES.get(path.suffix.lower())
    if driver is None:
        raise ImportRejected([ImportIssue(MSG_FORMAT.format(suffix=path.suffix))])
    if driver == "GeoJSON":
        _check_geojson_crs(path)
    source_name = f"/vsizip/{path}" if driver == "ESRI Shapefile" else str(path)
    try:
        layers = [layer for layer in DataSource(source_name) if len(layer)]
    except GDALException as error:
        raise ImportRejected([ImportIssue(MSG_UNREADABLE.format(reason=error))]) from error
    if not layers:
        raise ImportRejected([ImportIssue(MSG_NO_LAYER)])
    layer = layers[0]
    srs = layer.srs
    if srs is None:
        if driver not in WGS84_BY_DEFINITION:
            raise ImportRejected([ImportIssue(MSG_NO_CRS)])
        srs = SpatialReference(WGS84)
    return driver, source_name, layer, srs


def geo_features_read(*, path: Path, repair: bool) -> list["GeoFeature | ImportIssue"]:
    """Every feature of the file's first non-empty layer, or the issue that makes it unusable (so the caller can
    report every bad feature together). Raises ImportRejected for a problem with the whole file."""
    _driver, _name, layer, srs = geo_layer_open(path=path)
    features = []
    for number, feature in enumerate(layer, start=1):
        attributes = {name.lower(): feature.get(name) for name in feature.fields}
        features.append(geo_feature_check(number, attributes, feature.geom, srs, repair=repair))
    return features


def _check_geojson_crs(path: Path) -> None:
    try:
        document = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportRejected([ImportIssue(MSG_UNREADABLE.format(reason=error))]) from error
    crs = document.get("crs") if isinstance(document, dict) else None
    if crs is None:
        return
    properties = crs.get("properties") if isinstance(crs, dict) else None
    name = str(properties.get("name", "")) if isinstance(properties, dict) else ""
    if not SAFE_CRS_NAME.match(name):
        raise ImportRejected([ImportIssue(MSG_CRS_NAME.format(name=name or crs))])


def geo_feature_check(number, attributes, ogr_geometry, srs, *, repair: bool) -> "GeoFeature | ImportIssue":
    """The feature with its geometry in WGS 84, repaired if need be, or the issue that makes it unusable."""
    if ogr_geometry is None:
        return ImportIssue(MSG_NO_GEOMETRY, row=number, unit="feature")
    try:
        ogr_geometry.set_3d(False)  # KML and survey exports often carry heights; hazard areas are flat
        coordinates_check(extent=ogr_geometry.extent)
        ogr_geometry.srs = srs
        ogr_geometry.transform(WGS84)
        geometry = GEOSGeometry(ogr_geometry.wkb, srid=WGS84)
    except (GDALException, GEOSException) as error:
        return ImportIssue(MSG_REPROJECT.format(reason=error), row=number, unit="feature")
    except ValidationError as error:
        return ImportIssue(" ".join(error.messages), row=number, unit="feature")
    repaired = ""
    if not geometry.valid:
        reason = geometry.valid_reason
        if not repair:
            return ImportIssue(MSG_INVALID.format(reason=reason), row=number, unit="feature")
        geometry, repaired = geometry.make_valid(), reason
    try:
        geometry = multipolygon_from(geometry=geometry)
    except ValidationError as error:
        return ImportIssue(" ".join(error.messages), row=number, unit="feature")
    if not geometry.valid:  # what MakeValid leaves can still fail once only its polygons are kept
        return ImportIssue(MSG_INVALID.format(reason=geometry.valid_reason), row=number, unit="feature")
    return GeoFeature(number=number, attributes=attributes, geometry=geometry, repaired=repaired)

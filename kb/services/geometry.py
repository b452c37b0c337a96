"""Geometry values as the hazard models store them: valid MultiPolygons in WGS 84 (EPSG:4326)."""

import math

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import (
    GEOSException,
    GEOSGeometry,
    LineString,
    MultiPolygon,
    Point,
    Polygon,
    WKBWriter,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WGS84 = 4326
MSG_NOT_POLYGONAL = _("Expected a polygon or multipolygon, got {kind}.")
MSG_UNREADABLE = _("Not a geometry in WKT or GeoJSON: {reason}")
MSG_EMPTY = _("The geometry is empty.")
MSG_OUT_OF_RANGE = _(
    "Coordinates lie outside longitude -180 to 180 and latitude -90 to 90: are they projected (metres) without "
    "their SRID? Give it, as in SRID=32636;POLYGON(...)."
)
MSG_INVALID_FILTER = _("The geometry is not valid: {reason}.")


def geometry_parse(*, text: str) -> GEOSGeometry:
    """A geometry from WKT/EWKT or a GeoJSON geometry object; without a stated SRID it is taken as WGS 84."""
    try:
        geometry = GEOSGeometry(text.strip())
    except (GEOSException, GDALException, ValueError, TypeError) as error:
        raise ValidationError(MSG_UNREADABLE.format(reason=error)) from error
    if not geometry.srid:
        geometry.srid = WGS84
    if not geometry.empty:
        try:
            extent = geometry.extent
        except GEOSException as error:  # a point with a NaN coordinate has none
            raise ValidationError(MSG_UNREADABLE.format(reason=error)) from error
        coordinates_check(extent=extent)
    return geometry


# Larger than any real coordinate, degrees or projected metres; PROJ can hang on far larger ones.
MAX_COORDINATE = 1e10


def coordinates_check(*, extent: tuple[float, ...]) -> None:
    """Refuses coordinates that are not finite or absurdly large before anything transforms them."""
    if not all(math.isfinite(value) and abs(value) <= MAX_COORDINATE for value in extent):
        raise ValidationError(MSG_UNREADABLE.format(reason="coordinates must be finite numbers of a plausible size"))


def _to_wgs84(geometry: GEOSGeometry) -> GEOSGeometry:
    """The geometry in WGS 84; an SRID that GDAL does not know, or coordinates it cannot transform, are a
    ValidationError rather than a crash."""
    if geometry.srid == WGS84:
        return geometry
    try:
        return geometry.transform(WGS84, clone=True)
    except (GDALException, GEOSException) as error:
        raise ValidationError(MSG_UNREADABLE.format(reason=f"cannot transform from SRID {geometry.srid}")) from error


def multipolygon_from(*, geometry: GEOSGeometry) -> MultiPolygon:
    """The polygonal parts of `geometry` as one MultiPolygon in WGS 84 (a Polygon is promoted; a collection left by
    repairing keeps only its polygons). Raises ValidationError for anything without area."""
    if geometry.empty:
        raise ValidationError(MSG_EMPTY)
    if geometry.hasz:  # heights (GeoJSON's third number, KML): hazard areas are flat, and so is the column
        geometry = GEOSGeometry(WKBWriter().write(geometry), srid=geometry.srid)
    if geometry.srid:
        geometry = _to_wgs84(geometry)
    parts = _polygons(geometry)
    if not parts:
        raise ValidationError(MSG_NOT_POLYGONAL.format(kind=geometry.geom_type))
    multipolygon = MultiPolygon(*parts, srid=WGS84)
    if not _on_the_globe(multipolygon.extent):
        raise ValidationError(MSG_OUT_OF_RANGE)
    return multipolygon


def _on_the_globe(extent: tuple[float, ...]) -> bool:
    west, south, east, north = extent
    return -180 <= west <= east <= 180 and -90 <= south <= north <= 90


def _polygons(geometry: GEOSGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.empty else []
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [part for child in geometry for part in _polygons(child)]
    return []


MSG_BBOX = _("Use four numbers: west,south,east,north in WGS 84 degrees (west ≤ east, south ≤ north).")
MSG_TOO_COMPLEX = _("The geometry has more than {limit} points.")
MSG_CRS_MEMBER = _('Leave out the "crs" member: GeoJSON coordinates are WGS 84 longitude/latitude.')
# A filter geometry bigger than this is a costly query, not a place to look at.
MAX_FILTER_POINTS = 10_000


def bbox_parse(*, text: str) -> GEOSGeometry:
    """`west,south,east,north` in WGS 84 degrees as a polygon (a point or a line where the box has no area)."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError as error:
        raise ValidationError(MSG_BBOX) from error
    if not _on_the_globe((west, south, east, north)):
        raise ValidationError(MSG_BBOX)
    if west == east or south == north:  # a point or a line: a box of no area is not a valid polygon to GEOS
        if (west, south) == (east, north):
            return Point(west, south, srid=WGS84)
        return LineString((west, south), (east, north), srid=WGS84)
    return Polygon.from_bbox((west, south, east, north))


def filter_geometry_parse(*, text: str) -> GEOSGeometry:
    """A WKT/EWKT or GeoJSON geometry someone filters by, in WGS 84; bounded in size, and never with a GeoJSON
    "crs" member (GDAL before 3.9 may follow one that names a file or URL)."""
    if text.lstrip().startswith("{") and '"crs"' in text:
        raise ValidationError(MSG_CRS_MEMBER)
    geometry = geometry_parse(text=text)
    if geometry.num_coords > MAX_FILTER_POINTS:
        raise ValidationError(MSG_TOO_COMPLEX.format(limit=MAX_FILTER_POINTS))
    if not geometry.valid:  # a NaN inside, a self-crossing ring: GEOS fails on them mid-query
        raise ValidationError(MSG_INVALID_FILTER.format(reason=geometry.valid_reason))
    return _to_wgs84(geometry)


MAX_ZOOM = 22
MSG_ZOOM = _("Use a whole number from 0 to {max} (a web map's zoom level).")


def zoom_parse(*, text: str) -> int:
    if not (text.strip().isascii() and text.strip().isdigit()) or int(text) > MAX_ZOOM:
        raise ValidationError(MSG_ZOOM.format(max=MAX_ZOOM))
    return int(text)


def simplify_tolerance(*, zoom: int) -> float:
    """Degrees that one screen pixel spans at the equator at a web map's zoom level (256-pixel tiles): detail finer
    than this cannot be seen there."""
    return 360 / (256 * 2**zoom)

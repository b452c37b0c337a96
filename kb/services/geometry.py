"""Geometry values as the hazard models store them: valid MultiPolygons in WGS 84 (EPSG:4326)."""

from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WGS84 = 4326
MSG_NOT_POLYGONAL = _("Expected a polygon or multipolygon, got {kind}.")
MSG_UNREADABLE = _("Not a geometry in WKT or GeoJSON: {reason}")
MSG_EMPTY = _("The geometry is empty.")


def geometry_parse(*, text: str) -> GEOSGeometry:
    """A geometry from WKT/EWKT or a GeoJSON geometry object; without a stated SRID it is taken as WGS 84."""
    try:
        geometry = GEOSGeometry(text.strip())
    except (GEOSException, ValueError, TypeError) as error:
        raise ValidationError(MSG_UNREADABLE.format(reason=error)) from error
    if not geometry.srid:
        geometry.srid = WGS84
    return geometry


def multipolygon_from(*, geometry: GEOSGeometry) -> MultiPolygon:
    """The polygonal parts of `geometry` as one MultiPolygon in WGS 84 (a Polygon is promoted; a collection left by
    repairing keeps only its polygons). Raises ValidationError for anything without area."""
    if geometry.empty:
        raise ValidationError(MSG_EMPTY)
    if geometry.srid and geometry.srid != WGS84:
        geometry = geometry.transform(WGS84, clone=True)
    parts = _polygons(geometry)
    if not parts:
        raise ValidationError(MSG_NOT_POLYGONAL.format(kind=geometry.geom_type))
    return MultiPolygon(*parts, srid=WGS84)


def _polygons(geometry: GEOSGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.empty else []
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [part for child in geometry for part in _polygons(child)]
    return []

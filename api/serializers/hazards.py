"""Hazard areas and land-release activities, with their geometry as a GeoJSON object (mirrors kb/models/hazards.py)."""

import functools
import json
import re
import struct

from django.contrib.gis.geos import GEOSGeometry
from django.db import connections
from django.db.models import F, Func, JSONField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.renderers import RawJSON
from api.serializers.base import (
    AdminAreaBriefSerializer,
    AreaBriefSerializer,
    CitedSerializerMixin,
    OrganisationBriefSerializer,
)
from kb.models import HazardArea, LandReleaseActivity

TABULAR_FORMATS = ("csv", "hxl")
GEOJSON_GEOMETRY = {
    "type": "object",
    "description": "A GeoJSON MultiPolygon in WGS 84 longitude/latitude (RFC 7946); WKT in CSV.",
    "properties": {"type": {"type": "string"}, "coordinates": {"type": "array", "items": {}}},
}


@extend_schema_field(GEOJSON_GEOMETRY)
class GeoJSONGeometryField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, record):
        # A list asked for at a zoom level carries the simplified shape (api/views/hazards.py).
        value = getattr(record, "simplified_geometry", None) or record.geometry
        request = self.context.get("request")
        renderer = getattr(request, "accepted_renderer", None)
        if getattr(renderer, "format", None) in TABULAR_FORMATS:
            return value.wkt  # one cell that spreadsheets keep and GIS tools (QGIS, ogr2ogr) read as WKT
        return json.loads(value.json)

    def sql_value(self, prefix: str):
        """For pages built by PostgreSQL (api/json_lines.py): the geometry as PostGIS writes it in GeoJSON where that
        is what to_representation gives once rendered, else as WKB; from_sql finishes both."""
        return GeoJSONTextOrWKB(F(f"{prefix}geometry"))

    @staticmethod
    def from_sql(values: list) -> list:
        """A page's values from sql_value: PostGIS's GeoJSON texts written into the answer as they are, the WKBs
        (written in JSON as PostgreSQL writes bytea, \\x and hex) read in one go."""
        wkbs = [bytes.fromhex(value[2:]) for value in values if value.startswith("\\x")]
        read = iter(wkb_geojsons(wkbs))
        return [next(read) if value.startswith("\\x") else RawJSON(value) for value in values]


# PostGIS 3.3 (Debian 12's: other versions get the WKB, postgis_writes_as_read) writes a coordinate as its shortest
# decimal (the text json.dumps writes too) when that has at most 15 decimals, which is always the case from 10 up;
# GDAL's 15 decimals (what the serializer serves) parse back to the same number. Except: where GDAL shortens a run of
# five zeros or nines (wkb_geojsons); below 10, where PostGIS rounds the shortest decimal to 15 decimals
# (-0.8176400120054395 is -0.81764001200544 there, -0.817640012005439 in GDAL, which rounds the number itself); and
# where json.dumps writes a number otherwise (10.0 and 5e-05; PostGIS: 10 and 5e-5). A geometry with any of those in
# PostGIS's text is selected as WKB.
NOT_AS_WRITTEN = r"00000|99999|e-|[[,]-?[0-9]+[],]|[[,]-?[0-9]\."


class GeoJSONTextOrWKB(Func):
    """ST_AsGeoJSON(geometry, 15) as a JSON string where the answer may carry it as it is, else the WKB (bytea in
    JSON). `OFFSET 0` keeps PostgreSQL from writing the GeoJSON twice, for the test and for the value.
    tests/api/test_hazard_pages.py compares the two ways with GDAL's on random geometries, byte for byte."""

    arity = 1
    output_field = JSONField()
    template = (
        f"(SELECT CASE WHEN geojson ~ '{NOT_AS_WRITTEN}' THEN to_json(ST_AsBinary(%(expressions)s)) "
        "ELSE to_json(geojson) END FROM (SELECT ST_AsGeoJSON(%(expressions)s, 15) AS geojson OFFSET 0) AS written)"
    )

    def as_sql(self, compiler, connection, **extra_context):
        if not postgis_writes_as_read(connection.alias):
            extra_context["template"] = "to_json(ST_AsBinary(%(expressions)s))"
        return super().as_sql(compiler, connection, **extra_context)


@functools.cache
def postgis_writes_as_read(alias: str) -> bool:
    """Is the database's PostGIS the version whose GeoJSON numbers NOT_AS_WRITTEN describes? Another one may write
    them otherwise, so its pages take every geometry as WKB until its text is checked the same way."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT postgis_lib_version()")
        return cursor.fetchone()[0].startswith("3.3.")


# GDAL writes GeoJSON coordinates with 15 decimals, trailing zeros dropped, and where the digits before the last are
# five zeros it drops the last digit: 30.100000000000001 is written 30.1. A geometry with any other run of five zeros
# or nines in a coordinate (rounded up by GDAL, or close to 0) is left to GDAL itself.
ZEROS_THEN_LAST = re.compile(r"00000[0-9],")
TRAILING_ZEROS = re.compile(r"0+,")
GDAL_RUN = re.compile(r"00000|99999")


def _wkb_shape(wkb: bytes) -> tuple[list[list[int]], tuple[float, ...]] | None:
    """A little-endian 2D WKB MultiPolygon as the point count of each ring of each polygon and all its x, y values in
    order; None for anything else."""
    if wkb[:5] != b"\x01\x06\x00\x00\x00":
        return None
    (parts,), at, shape, values = struct.unpack_from("<I", wkb, 5), 9, [], ()
    for _ in range(parts):
        if wkb[at : at + 5] != b"\x01\x03\x00\x00\x00":
            return None
        (rings,), at, counts = struct.unpack_from("<I", wkb, at + 5), at + 9, []
        for _ in range(rings):
            (points,) = struct.unpack_from("<I", wkb, at)
            values += struct.unpack_from(f"<{2 * points}d", wkb, at + 4)
            counts.append(points)
            at += 4 + 16 * points
        shape.append(counts)
    return shape, values


def wkb_geojsons(wkbs: list[bytes]) -> list[dict]:
    """json.loads(GEOSGeometry(wkb).json) for each WKB, the GeoJSON object GDAL writes (what GeoJSONGeometryField
    serves), several times faster for MultiPolygons: their coordinates are formatted one geometry at a time and read in
    one go. A geometry with a number GDAL would shorten otherwise (a run of five zeros or nines) is left to GDAL,
    alone: on a page of 100 polygons one such number is common."""
    shapes = [_wkb_shape(wkb) for wkb in wkbs]
    texts = [None if shape is None else _coordinates_text(shape[1]) for shape in shapes]
    fast = [text is not None and not GDAL_RUN.search(TRAILING_ZEROS.sub(",", text)) for text in texts]
    numbers = json.loads(f"[{''.join(text for text, ok in zip(texts, fast, strict=True) if ok)[:-1]}]")
    at, found = 0, []
    for wkb, shape, ok in zip(wkbs, shapes, fast, strict=True):
        if not ok:
            found.append(_gdal(wkb))
            continue
        polygons = []
        for counts in shape[0]:
            polygon = []
            for count in counts:
                polygon.append([numbers[i : i + 2] for i in range(at, at + 2 * count, 2)])
                at += 2 * count
            polygons.append(polygon)
        found.append({"type": "MultiPolygon", "coordinates": polygons})
    return found


def _coordinates_text(values: tuple[float, ...]) -> str:
    """The values as GDAL writes them, each followed by a comma, before trailing zeros are dropped."""
    return ZEROS_THEN_LAST.sub("00000,", ("%.15f," * len(values)) % values)


def _gdal(wkb: bytes) -> dict:
    return json.loads(GEOSGeometry(memoryview(wkb)).json)


class HazardAreaBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = HazardArea
        fields = ["id", "reference"]


class MappedRecordSerializer(CitedSerializerMixin, serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True)
    admin_area = AdminAreaBriefSerializer(read_only=True, allow_null=True)
    operator = OrganisationBriefSerializer(read_only=True, allow_null=True)
    computed_area_m2 = serializers.FloatField(read_only=True, help_text="Square metres on the WGS 84 spheroid.")
    geometry = GeoJSONGeometryField()

    LEADING = ["id", "area", "admin_area", "reference", "name", "operator"]
    TRAILING = ["reported_area_m2", "computed_area_m2", "status", "notes", *CitedSerializerMixin.CITED_FIELDS]


class HazardAreaSerializer(MappedRecordSerializer):
    class Meta:
        model = HazardArea
        fields = [
            *MappedRecordSerializer.LEADING,
            *HazardArea.detail_fields,
            *MappedRecordSerializer.TRAILING,
            "geometry",
        ]


class LandReleaseActivitySerializer(MappedRecordSerializer):
    hazard_areas = HazardAreaBriefSerializer(many=True, read_only=True, source="visible_hazard_areas")

    class Meta:
        model = LandReleaseActivity
        fields = [
            *MappedRecordSerializer.LEADING,
            *LandReleaseActivity.detail_fields,
            *MappedRecordSerializer.TRAILING,
            "geometry",
        ]


class RemainingContaminationSerializer(serializers.Serializer):
    area = AreaBriefSerializer(read_only=True)
    admin_area = AdminAreaBriefSerializer(read_only=True, allow_null=True)
    sha_polygons = serializers.IntegerField(read_only=True)
    sha_computed_m2 = serializers.FloatField(read_only=True)
    cha_polygons = serializers.IntegerField(read_only=True)
    cha_computed_m2 = serializers.FloatField(read_only=True)
    reported_confirmed_m2 = serializers.IntegerField(source="reported.confirmed_m2", read_only=True, allow_null=True)
    reported_suspected_m2 = serializers.IntegerField(source="reported.suspected_m2", read_only=True, allow_null=True)
    reported_period = serializers.CharField(source="reported.period", read_only=True, allow_null=True)
    reported_source = serializers.CharField(source="reported.source.slug", read_only=True, allow_null=True)
    confirmed_difference_m2 = serializers.FloatField(
        read_only=True, allow_null=True, help_text="cha_computed_m2 minus reported_confirmed_m2."
    )
    suspected_difference_m2 = serializers.FloatField(
        read_only=True, allow_null=True, help_text="sha_computed_m2 minus reported_suspected_m2."
    )

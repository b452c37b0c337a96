"""Hazard areas and land-release activities, with their geometry as a GeoJSON object (mirrors kb/models/hazards.py)."""

import json

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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

"""Hazard areas and land-release activities: JSON, CSV and GeoJSON with their real geometries."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.caching import cached_data
from api.filters.hazards import HazardAreaFilterSet, LandReleaseActivityFilterSet
from api.serializers.hazards import (
    HazardAreaSerializer,
    LandReleaseActivitySerializer,
    RemainingContaminationSerializer,
)
from api.views.base import ReviewableReadOnlyViewSet
from api.views.treaties import CITATIONS
from kb.models import ContaminationRecord, HazardArea, LandReleaseActivity
from kb.selectors.hazards import remaining_contamination_list

GROUPINGS = ("area", "admin_area")
MSG_GROUP_BY = "Use group_by=area or group_by=admin_area."


def as_feature(item: dict) -> dict:
    """A serialized record as a GeoJSON Feature: its geometry moves out of the properties."""
    properties = dict(item)
    geometry = properties.pop("geometry", None)
    return {"type": "Feature", "id": properties.get("id"), "geometry": geometry, "properties": properties}


class MappedRecordViewSet(ReviewableReadOnlyViewSet):
    """Polygons: `?format=geojson` (or Accept: application/geo+json) gives a FeatureCollection, and a Feature for one
    record, in WGS 84, which GIS clients (QGIS, ogrinfo) open as they are."""

    geo = True
    ordering_fields = ["reference", "area__name", "computed_area_m2", "updated_at"]
    ordering = ["area__name", "reference", "id"]

    def get_queryset(self):
        return super().get_queryset().select_related("area", "admin_area", "operator", "source")

    def _list_response(self, queryset, fmt):
        if fmt != "geojson":
            return super()._list_response(queryset, fmt)
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        collection = {
            "type": "FeatureCollection",
            "features": [as_feature(item) for item in self.get_serializer(rows, many=True).data],
        }
        if page is not None:
            paginated = self.get_paginated_response([]).data
            collection["links"] = {"next": paginated.get("next"), "previous": paginated.get("previous")}
        return Response(collection)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if request.accepted_renderer.format == "geojson" and response.status_code == 200:
            response.data = as_feature(response.data)
        return response


class HazardAreaViewSet(MappedRecordViewSet):
    """Suspected and confirmed hazardous areas (SHA/CHA) as polygons; spatial filters `bbox`, `intersects`,
    `within`."""

    queryset = HazardArea.objects.prefetch_related(CITATIONS)
    serializer_class = HazardAreaSerializer
    filterset_class = HazardAreaFilterSet

    @extend_schema(
        parameters=[OpenApiParameter("group_by", str, enum=GROUPINGS, description="area (default) or admin_area.")],
        responses=RemainingContaminationSerializer(many=True),
    )
    @action(detail=False, pagination_class=None)
    def remaining(self, request):
        """Remaining contamination from the polygons (SHA and CHA still open or worked on, m² on the spheroid) per
        country or admin area, beside the latest preferred reported figure and the difference. Accepts every
        filter of the list."""
        group_by = request.query_params.get("group_by", "area")
        if group_by not in GROUPINGS:
            raise ValidationError({"group_by": [MSG_GROUP_BY]})
        hazards = self.filter_queryset(self.get_queryset())

        def compute():
            rows = remaining_contamination_list(
                hazards=hazards.order_by(),
                figures=ContaminationRecord.objects.visible_to(request.user),
                by_admin_area=group_by == "admin_area",
            )
            return RemainingContaminationSerializer(rows, many=True).data

        return Response(cached_data(request, ("remaining",), compute))


class LandReleaseActivityViewSet(MappedRecordViewSet):
    """Land cancelled, reduced or cleared by one survey or clearance task, as polygons, with the hazard areas it
    released land from (those the reader may see)."""

    queryset = LandReleaseActivity.objects.prefetch_related(CITATIONS)
    serializer_class = LandReleaseActivitySerializer
    filterset_class = LandReleaseActivityFilterSet

    def get_queryset(self):
        visible = HazardArea.objects.visible_to(self.request.user).only("id", "reference").order_by("reference")
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("hazard_areas", queryset=visible, to_attr="visible_hazard_areas"))
        )

"""Hazard areas and land-release activities: JSON, CSV, GeoJSON and GeoPackage with their real geometries."""

from django.contrib.gis.db.models import MultiPolygonField
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Func, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.caching import cached_data
from api.filters.hazards import HazardAreaFilterSet, LandReleaseActivityFilterSet
from api.renderers import GeoPackageRenderer
from api.serializers.hazards import (
    HazardAreaSerializer,
    LandReleaseActivitySerializer,
    RemainingContaminationSerializer,
)
from api.views.base import CITATIONS, ReviewableReadOnlyViewSet
from kb.models import ContaminationRecord, HazardArea, LandReleaseActivity
from kb.selectors.hazards import remaining_contamination_list
from kb.services.geometry import simplify_tolerance, zoom_parse
from kb.services.link_history import hazard_links_as_of

GROUPINGS = ("area", "admin_area")
MSG_GROUP_BY = "Use group_by=area or group_by=admin_area."
ZOOM = OpenApiParameter(
    "zoom",
    int,
    description="Simplify the geometries for a web map at this zoom level (0-22): detail finer than a screen pixel "
    "is left out (ST_SimplifyPreserveTopology). Without it, geometries are exact.",
)


def as_feature(item: dict) -> dict:
    """A serialized record as a GeoJSON Feature: its geometry moves out of the properties."""
    properties = dict(item)
    geometry = properties.pop("geometry", None)
    return {"type": "Feature", "id": properties.get("id"), "geometry": geometry, "properties": properties}


@extend_schema_view(list=extend_schema(parameters=[ZOOM]))
class MappedRecordViewSet(ReviewableReadOnlyViewSet):
    """Polygons: `?format=geojson` (or Accept: application/geo+json) gives a FeatureCollection, and a Feature for one
    record, in WGS 84, which GIS clients (QGIS, ogrinfo) open as they are."""

    geo = True
    sql_pages = True  # JSON and GeoJSON pages built by PostgreSQL (api/json_lines.py), the geometry finished here
    prepared_lists = True  # a spatial filter's plan serves every box (api/caching.py ConditionalMixin)
    # zoom is taken (and ignored) by details too, so a map client may send the same parameters to both
    query_parameters = {**ReviewableReadOnlyViewSet.query_parameters, "list": ("as_of", "zoom"), "retrieve": ("zoom",)}
    ordering_fields = ["id", "reference", "area__name", "computed_area_m2", "updated_at"]
    ordering = ["area__name", "reference", "id"]

    def get_queryset(self):
        queryset = super().get_queryset().select_related("area", "admin_area", "operator", "source")
        zoom = self.request.query_params.get("zoom") if self.action == "list" else None
        if zoom is None:
            return queryset
        try:
            tolerance = simplify_tolerance(zoom=zoom_parse(text=zoom))
        except DjangoValidationError as error:
            raise ValidationError({"zoom": error.messages}) from None
        # ST_Multi: GEOS gives a one-part MultiPolygon back as a Polygon, and the geometry is always a MultiPolygon.
        simplified = Func(
            F("geometry"),
            tolerance,
            function="ST_SimplifyPreserveTopology",
            template="ST_Multi(%(function)s(%(expressions)s))",
            output_field=MultiPolygonField(srid=4326),
        )
        return queryset.annotate(simplified_geometry=simplified)

    def get_renderers(self):
        found = super().get_renderers()
        return [*found, GeoPackageRenderer()] if self.serves_geometry() else found

    def sql_page_items(self, queryset):
        # A page at a zoom level carries simplified geometries, which the serializer reads from the rows it lists.
        return None if "zoom" in self.request.query_params else super().sql_page_items(queryset)

    def _list_response(self, queryset, fmt):
        if fmt not in ("geojson", "gpkg"):
            return super()._list_response(queryset, fmt)
        items = self.sql_page_items(queryset) if fmt == "geojson" else None
        if items is not None:
            return Response(self._collection(items, paged=True))
        # A GeoPackage is a download: the whole filtered list in one file, not a page.
        page = self.paginate_queryset(queryset) if fmt == "geojson" else None
        rows = page if page is not None else list(queryset)
        return Response(self._collection(self.get_serializer(rows, many=True).data, paged=page is not None))

    def _collection(self, items, *, paged: bool) -> dict:
        collection = {"type": "FeatureCollection", "features": [as_feature(item) for item in items]}
        if paged:
            paginated = self.get_paginated_response([]).data
            collection["links"] = {"next": paginated.get("next"), "previous": paginated.get("previous")}
        return collection

    def feature(self, obj, item: dict) -> dict:
        return as_feature(item)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if request.accepted_renderer.format == "gpkg" and response.status_code == 200:
            response.data = {"type": "FeatureCollection", "features": [as_feature(response.data)]}
        return response


class HazardAreaViewSet(MappedRecordViewSet):
    """Suspected and confirmed hazardous areas (SHA/CHA) as polygons; spatial filters `bbox`, `intersects`,
    `within`."""

    layer_name = "hazard-areas"  # as in the tiles and the route, for GeoPackage downloads
    query_parameters = {**MappedRecordViewSet.query_parameters, "remaining": ("group_by",)}
    filtered_actions = ("remaining",)
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

    layer_name = "land-release-activities"
    queryset = LandReleaseActivity.objects.prefetch_related(CITATIONS)
    serializer_class = LandReleaseActivitySerializer
    filterset_class = LandReleaseActivityFilterSet

    def as_of_page_prepare(self, page: list, as_of) -> None:
        """The hazard areas linked then (the link history), among those published then."""
        links = hazard_links_as_of([snapshot.pgh_obj_id for snapshot in page], as_of)
        for snapshot in page:
            snapshot.visible_hazard_areas = links[snapshot.pgh_obj_id]

    def get_queryset(self):
        visible = HazardArea.objects.visible_to(self.request.user).only("id", "reference").order_by("reference")
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("hazard_areas", queryset=visible, to_attr="visible_hazard_areas"))
        )

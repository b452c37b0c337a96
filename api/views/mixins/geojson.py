"""GeoJSON for lists and details of records that have a place: a point at the admin area or the country."""

from api.renderers import GeoJSONRenderer


def _point(obj):
    """A record's place for GeoJSON: its admin area's point, else its area's (country centroid)."""
    for holder in (getattr(obj, "admin_area", None), getattr(obj, "area", None), obj):
        if holder is not None and getattr(holder, "latitude", None) is not None:
            return {"type": "Point", "coordinates": [float(holder.longitude), float(holder.latitude)]}
    return None


class GeoJSONMixin:
    geo = False
    # Only lists and details of located records have a geometry to serve; computed actions answer JSON, CSV, HXL.
    GEO_ACTIONS = ("list", "retrieve")

    def get_renderers(self):
        found = super().get_renderers()
        return [*found, GeoJSONRenderer()] if self.serves_geometry() else found

    def serves_geometry(self) -> bool:
        return self.geo and self.action in self.GEO_ACTIONS

    def feature(self, obj, item: dict) -> dict:
        """A serialized record as a GeoJSON Feature: a point at its place."""
        return {"type": "Feature", "id": obj.pk, "geometry": _point(obj), "properties": item}

    def feature_collection(self, rows, data, page) -> dict:
        features = [self.feature(obj, item) for obj, item in zip(rows, data, strict=True)]
        collection = {"type": "FeatureCollection", "features": features}
        if page is not None:
            paginated = self.get_paginated_response([]).data
            collection["links"] = {"next": paginated.get("next"), "previous": paginated.get("previous")}
        return collection

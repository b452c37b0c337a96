"""Output formats beyond JSON: CSV, HXL-tagged CSV and GeoJSON (`?format=csv|hxl|geojson` or the Accept header).

Lists of stored records stream in the import format (api/views/base.py); these renderers serve the computed
endpoints (treaty status, summaries, coverage) by flattening their JSON, and GeoJSON feature collections."""

import csv
import io

from rest_framework import renderers

from kb.services.exports import neutralise_formula
from kb.services.geopackage import geopackage_from_features


def _flatten(value, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        flat = {}
        for key, inner in value.items():
            flat.update(_flatten(inner, f"{prefix}{key}."))
        return {k.rstrip("."): v for k, v in flat.items()}
    if isinstance(value, list):
        return {prefix: "; ".join(str(v) for v in value)}
    return {prefix: "" if value is None else str(value)}


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def rows(self, data) -> list:
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            data = [data]
        return [_flatten(item) for item in data or []]

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = self.rows(data)
        header = list(dict.fromkeys(key for row in rows for key in row))
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([neutralise_formula(row.get(key, "")) for key in header])
        return buffer.getvalue().encode()


class HXLRenderer(CSVRenderer):
    """HXL-tagged CSV of a computed result: each column tagged #meta+<column>."""

    format = "hxl"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        text = super().render(data, accepted_media_type, renderer_context).decode()
        header, _, rest = text.partition("\n")
        tags = ",".join("#meta+" + name.replace(".", "_") for name in next(csv.reader([header]), []))
        return f"{header}\n{tags}\n{rest}".encode()


class GeoJSONRenderer(renderers.JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class GeoPackageRenderer(renderers.BaseRenderer):
    """A FeatureCollection as a GeoPackage file (kb/services/geopackage.py); errors stay JSON."""

    media_type = "application/geopackage+sqlite3"
    format = "gpkg"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if not (isinstance(data, dict) and data.get("type") == "FeatureCollection"):
            if response is not None:
                response["Content-Type"] = "application/json"
            return renderers.JSONRenderer().render(data)
        view = (renderer_context or {}).get("view")
        layer = getattr(view, "layer_name", None) or view.basename
        if response is not None:
            response["Content-Disposition"] = f'attachment; filename="{layer}.gpkg"'
        return geopackage_from_features(collection=data, layer=layer)


TABULAR = (CSVRenderer, HXLRenderer)

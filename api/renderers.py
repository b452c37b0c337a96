"""Output formats: JSON (DRF's, writing RawJSON values as they are), CSV, HXL-tagged CSV, XLSX and GeoJSON
(`?format=csv|hxl|xlsx|geojson` or Accept).

Lists of stored records stream in the import format (api/views/mixins/exports.py); these renderers serve the computed
endpoints (treaty status, summaries, coverage, profiles) by flattening their JSON: nested objects become dotted
columns (`area.iso3`), lists become JSON text, so every cell reads back with a JSON parser."""

import csv
import io
import json
import re
from contextvars import ContextVar

import orjson
from rest_framework import renderers
from rest_framework.utils import encoders

from api import fast_json
from api.hxl import hxl_tag
from api.params import bom_requested
from kb.services.exports import neutralise_formula, xlsx_write
from kb.services.geopackage import geopackage_from_features

BOM = "\ufeff"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _flatten(value, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        flat = {}
        for key, inner in value.items():
            flat.update(_flatten(inner, f"{prefix}{key}."))
        return {k.rstrip("."): v for k, v in flat.items()}
    return {prefix: _cell(value)}


def table_rows(data) -> list[list[str]]:
    """A computed answer (an object, a list or a page) as a header and one row per item."""
    if isinstance(data, dict) and "results" in data:
        data = data["results"]
    if isinstance(data, dict):
        data = [data]
    rows = [_flatten(item) for item in data or []]
    header = list(dict.fromkeys(key for row in rows for key in row))
    return [header, *([neutralise_formula(row.get(key, "")) for key in header] for row in rows)]


def wants_bom(renderer_context) -> bool:
    request = (renderer_context or {}).get("request")
    return request is not None and bom_requested(request)


class StoredFileRenderer(renderers.BaseRenderer):
    """Lets a file's own `Accept` reach an action that answers stored bytes itself (a release archive, a finished
    export); only errors are rendered here, as JSON. Subclasses name the media type and format."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data)


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def table(self, data) -> list[list[str]]:
        return table_rows(data)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        buffer = io.StringIO(newline="")
        if wants_bom(renderer_context):
            buffer.write(BOM)
        csv.writer(buffer, lineterminator="\n").writerows(self.table(data))
        return buffer.getvalue().encode()


class HXLRenderer(CSVRenderer):
    """HXL-tagged CSV of a computed result: a hashtag row under the header (api/hxl.py)."""

    format = "hxl"

    def table(self, data) -> list[list[str]]:
        header, *rows = table_rows(data)
        return [header, [hxl_tag(name) for name in header], *rows]


class XLSXRenderer(renderers.BaseRenderer):
    """A computed result as one worksheet; lists of stored records stream their own (api/views/mixins/exports.py)."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        output = io.BytesIO()
        xlsx_write(table_rows(data), output)
        return output.getvalue()


class RawJSON:
    """JSON text that JSONRenderer writes into an answer as it is: a value PostgreSQL wrote byte for byte as
    json.dumps would (a page's geometries, api/serializers/hazards.py), which need not be parsed to be written
    again."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


# A RawJSON value is rendered as a string no stored text can hold (NUL, which PostgreSQL's text refuses), which
# JSONRenderer then replaces with the value's text.
_FRAGMENTS: ContextVar[list | None] = ContextVar("json_fragments", default=None)
PLACEHOLDER = re.compile(rb'"\\u0000(\d+)"')
LINE_SEPARATORS = re.compile(b"\xe2\x80[\xa8\xa9]")  # U+2028 and U+2029 in UTF-8


class FragmentEncoder(encoders.JSONEncoder):
    def default(self, obj):
        fragments = _FRAGMENTS.get()
        if isinstance(obj, RawJSON) and fragments is not None:
            fragments.append(obj.text.encode())
            return f"\x00{len(fragments) - 1}"
        return super().default(obj)


_DRF_DEFAULT = encoders.JSONEncoder().default


def _fast_default(obj):
    return orjson.Fragment(obj.text) if isinstance(obj, RawJSON) else _DRF_DEFAULT(obj)


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON, with RawJSON values written as they are; written by orjson where that gives the same bytes
    (api/fast_json.py)."""

    encoder_class = FragmentEncoder

    def render(self, data, accepted_media_type=None, renderer_context=None):
        plain = self.compact and self.strict and not self.ensure_ascii
        if data is not None and plain and self.get_indent(accepted_media_type, renderer_context or {}) is None:
            written = fast_json.dumps_compact(data, _fast_default)
            if written is not None:
                # As DRF does: U+2028 and U+2029 escaped, so that the answer is also JavaScript (looked for first:
                # one pass over the answer where two replacements made two, and copies).
                if LINE_SEPARATORS.search(written) is None:
                    return written
                return written.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return self._render_with_json(data, accepted_media_type, renderer_context)

    def _render_with_json(self, data, accepted_media_type, renderer_context):
        fragments: list[bytes] = []
        token = _FRAGMENTS.set(fragments)
        try:
            rendered = super().render(data, accepted_media_type, renderer_context)
        finally:
            _FRAGMENTS.reset(token)
        if not fragments:
            return rendered
        written, count = PLACEHOLDER.subn(lambda match: fragments[int(match[1])], rendered)
        if count != len(fragments):
            raise ValueError(f"{len(fragments)} raw JSON values, {count} placeholders")
        return written


class GeoJSONRenderer(JSONRenderer):
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


class JSONLinesRenderer(renderers.BaseRenderer):
    """JSON lines (`?format=jsonl`): one item a line. Whole lists stream their own (api/views/mixins/json_lines.py);
    this renders a page (a list `as_of` a past moment) as the lines of its results, and an error as JSON."""

    media_type = "application/x-ndjson"
    format = "jsonl"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            data = data["results"]
        if not isinstance(data, list):
            response = (renderer_context or {}).get("response")
            if response is not None:
                response["Content-Type"] = "application/json"
            return renderers.JSONRenderer().render(data)
        encode = renderers.JSONRenderer().render
        return b"".join(encode(item) + b"\n" for item in data)

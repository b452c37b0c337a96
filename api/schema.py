"""OpenAPI generation: writes take the import-format write serializer and answer with the read serializer, every
operation documents its error responses and has a summary and a description."""

import inspect
import re

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from api.caching import ComputedConditionalMixin, ConditionalMixin
from api.middleware import LANGUAGE_CODES
from api.params import BOM_VALUES
from api.renderers import JSONLinesRenderer

WRITES = ("create", "update", "partial_update", "bulk")


class WriteAwareSchema(AutoSchema):
    def _writes(self) -> bool:
        return getattr(self.view, "action", None) in WRITES and hasattr(self.view, "write_serializer_class")

    def get_request_serializer(self):
        if self._writes():
            write = self.view.write_serializer_class()
            return write(many=True) if self.view.action == "bulk" else write()
        return super().get_request_serializer()

    def _get_paginator(self):
        # A bulk write answers the plain array of the records it created, never a page.
        return None if self._writes() else super()._get_paginator()

    def get_response_serializers(self):
        if self._writes():
            read = self.view.serializer_class
            return {201: read(many=True)} if self.view.action == "bulk" else read
        return super().get_response_serializers()


DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": 'Messages per parameter or field: {"field": ["message"]} (bulk: {"items": [{...}, ...]}).',
    "additionalProperties": True,
}
ERRORS = {
    "400": (
        "Bad input: messages per parameter or field; a query parameter the route does not take is named, with "
        "the list of those it takes.",
        FIELD_ERRORS,
    ),
    "401": ("No, or invalid, credentials (expired, revoked or unknown token).", DETAIL),
    "403": ("The credentials do not allow this (token scope, role, or someone else's record).", DETAIL),
    "404": ("No such record, or not visible to you.", DETAIL),
    "406": (
        "No format the route offers matches the Accept header; the message names the formats and media types it "
        "offers (?format= wins over Accept).",
        DETAIL,
    ),
    "409": (
        "Another write to the same records got in the way (a deadlock or serialization failure) and nothing was "
        "written; send the request again (Retry-After).",
        DETAIL,
    ),
    "412": ("If-Match names an older version of the record.", DETAIL),
    "428": ("If-Match is required to change a record.", DETAIL),
    "429": ("Too many requests; retry after the number of seconds in Retry-After.", DETAIL),
    "503": ("The database is unavailable; retry after the number of seconds in Retry-After.", DETAIL),
}


GEOJSON = {
    "type": "object",
    "description": "GeoJSON (RFC 7946): a FeatureCollection for a list, a Feature for one record, in WGS 84.",
}


def _json_lines(content: dict) -> dict:
    """`?format=jsonl`: the text of the whole list, one item of the JSON page's `results` a line."""
    page = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    item = page.rsplit("/", 1)[-1].removeprefix("Paginated").removesuffix("List")
    return {
        "type": "string",
        "description": f"JSON lines: the whole filtered, ordered list (paging ignored, `fields`/`omit` applied), one "
        f"{item} object a line, each as in `results` of the JSON list.",
    }


def _error(code: str) -> dict:
    description, schema = ERRORS[code]
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class DocumentedErrorsMixin:
    """Every operation lists the errors it can really answer with, so clients (and fuzzers) can rely on them."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ["400", "429", "503"]
        if self.method != "GET":
            codes += ["401", "403", "409"]
        if "{" in self.path:
            codes.append("404")
        if self.method in ("PUT", "PATCH"):
            codes += ["412", "428"]
        if self.method == "GET":
            codes += ["401", "403", "406"]  # a bad, expired or scope-less token; an Accept header nothing satisfies
        for code in codes:
            responses.setdefault(code, _error(code))
        for response in responses.values():  # GeoJSON and JSON lines are their own shapes, not the JSON page's
            if "application/geo+json" in response.get("content", {}):
                response["content"]["application/geo+json"] = {"schema": GEOJSON}
            if JSONLinesRenderer.media_type in response.get("content", {}):
                response["content"][JSONLinesRenderer.media_type] = {"schema": _json_lines(response["content"])}
        if self.method == "GET" and isinstance(self.view, (ConditionalMixin, ComputedConditionalMixin)):
            responses.setdefault("304", {"description": "Not modified: the ETag or date sent still matches."})
        return responses


LANGUAGE = OpenApiParameter(
    "lang",
    str,
    enum=LANGUAGE_CODES,
    description="Language of names, labels and messages (as Accept-Language, which is used when this is absent).",
)


BOM = OpenApiParameter(
    "bom",
    str,
    enum=sorted(BOM_VALUES),
    description="1: CSV and HXL start with a UTF-8 byte-order mark, so Excel shows non-Latin text as it is.",
)


# The standard actions of a model viewset, said once for every resource ({one}/{many}: the model's verbose names).
SUMMARIES = {
    "list": "List {many}",
    "retrieve": "One {one}",
    "create": "Submit a {one}",
    "update": "Replace a {one}",
    "partial_update": "Change a {one}",
    "bulk": "Submit {many} in bulk",
}
DESCRIPTIONS = {
    "list": "{Many}, filtered, ordered and paged by the parameters; `?format=` gives the other formats.",
    "retrieve": "404 when there is no such {one}, or you may not see it.",
    "create": "Stored as a draft attributed to you (a token with the `submit` scope, or staff): nobody else sees it "
    "until a reviewer publishes it.",
    "update": "Your own draft (staff: any {one} their role may change), all fields; If-Match: its ETag.",
    "partial_update": "Your own draft (staff: any {one} their role may change), the fields sent; If-Match: its ETag.",
}
SUMMARY_LENGTH = 80


def _first_clause(doc: str) -> str:
    """A docstring's opening words, as a summary: up to the first full stop, colon or parenthesis (and comma when
    still long)."""
    text = re.split(r"[.:;(]", " ".join(doc.split()), maxsplit=1)[0].strip()
    return text.split(",")[0].strip() if len(text) > SUMMARY_LENGTH else text


class DescribedOperationsMixin:
    """Summaries and descriptions for every operation, so documentation and linters (Redocly's operation-summary)
    have them without each view repeating the same sentences; an explicit extend_schema(summary=...) wins."""

    def _names(self) -> dict | None:
        queryset = getattr(self.view, "queryset", None)
        if queryset is None:
            return None
        meta = queryset.model._meta
        many = str(meta.verbose_name_plural)
        return {"one": str(meta.verbose_name), "many": many, "Many": many[:1].upper() + many[1:]}

    def _own_doc(self) -> str:
        """The action method's own docstring (not the viewset's)."""
        action = getattr(self.view, getattr(self.view, "action", None) or self.method.lower(), None)
        return inspect.getdoc(action) or "" if action is not None else ""

    def get_summary(self):
        explicit = super().get_summary()
        if explicit:
            return explicit
        names, action = self._names(), getattr(self.view, "action", None)
        if names and action in SUMMARIES:
            return SUMMARIES[action].format(**names)
        doc = self._own_doc() or inspect.getdoc(self.view) or ""
        return _first_clause(doc) or self.get_operation_id().replace("_", " ").capitalize()

    def get_description(self):
        described = super().get_description() or ""
        names, action = self._names(), getattr(self.view, "action", None)
        if names and action in DESCRIPTIONS and not self._own_doc():
            return f"{DESCRIPTIONS[action].format(**names)}\n\n{described}".strip()
        return described


class KbAutoSchema(DescribedOperationsMixin, DocumentedErrorsMixin, WriteAwareSchema):
    """The project's schema generator (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"])."""

    def _is_list_view(self, serializer=None):
        # Views whose `list` answers one object (a page with a cursor, a matrix) say so.
        if getattr(self.view, "list_returns_object", False):
            return False
        return super()._is_list_view(serializer)

    def get_override_parameters(self):
        return [*super().get_override_parameters(), LANGUAGE, *([BOM] if self.method == "GET" else [])]

    def get_auth(self):
        auth = super().get_auth()
        # reads need no credentials (a token only raises the rate limit), unless the view is someone's own
        if self.method in ("GET", "HEAD") and {} not in auth and not getattr(self.view, "own_records_only", False):
            auth.append({})
        return auth

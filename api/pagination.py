"""Pagination: limit/offset (with a total count) up to a documented maximum, or cursor (keyset) pagination for full
downloads: `?pagination=cursor` (or any `cursor=`) walks the whole table by id at constant cost per page."""

from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

MSG_NUMBER = "{name} is a single whole number, at least {minimum}."
MSG_CURSOR = "Invalid cursor: follow the next or previous link of a page."
MSG_PAGINATION = "Use pagination=cursor for keyset pagination, or leave the parameter out."

DEFAULT_LIMIT = 50
# As many rows a page as HDX HAPI serves when asked; a larger `limit` gives this many.
MAX_LIMIT = 10000
# What a GeoJSON page holds when `limit` is absent (below).
GEOJSON_LIMIT = 1000


def _whole_number(request, name: str, minimum: int) -> int | None:
    """The query parameter as a whole number >= minimum, None when absent; 400 otherwise (DRF ignores bad values)."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    try:
        if len(values) > 1:
            raise ValueError(values)
        number = int(values[0])
        if number < minimum:
            raise ValueError(number)
    except ValueError:
        raise ValidationError({name: [MSG_NUMBER.format(name=name, minimum=minimum)]}) from None
    return number


def _default_size(request) -> int:
    """GIS clients (QGIS, GDAL) open a GeoJSON URL as one layer and do not follow `links.next`: a GeoJSON page
    holds a thousand features unless `limit` asks for another number."""
    renderer = getattr(request, "accepted_renderer", None)
    return GEOJSON_LIMIT if getattr(renderer, "format", None) == "geojson" else DEFAULT_LIMIT


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and int(text) < 2**63


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        limit = _whole_number(request, self.limit_query_param, 1)
        return _default_size(request) if limit is None else min(limit, self.max_limit)

    def get_offset(self, request):
        return _whole_number(request, self.offset_query_param, 0) or 0

    def get_count(self, queryset) -> int:
        # The list's ETag (api.caching.ConditionalMixin.list_etag) has just counted the same filtered rows.
        counted = getattr(self.request, "counted_rows", None)
        return super().get_count(queryset) if counted is None else counted


class KeysetPagination(pagination.CursorPagination):
    page_size = DEFAULT_LIMIT
    page_size_query_param = "limit"
    max_page_size = MAX_LIMIT
    ordering = ("id",)

    def get_ordering(self, request, queryset, view):
        return self.ordering  # a unique key keeps every page's cost constant

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [MSG_CURSOR]}) from None
        # DRF trusts the position it decodes; it is compared with the id, so it must be an id.
        if cursor is not None and cursor.position is not None and not _is_id(cursor.position):
            raise ValidationError({self.cursor_query_param: [MSG_CURSOR]})
        return cursor

    def get_page_size(self, request):
        size = _whole_number(request, self.page_size_query_param, 1)
        return _default_size(request) if size is None else min(size, self.max_page_size)


class HybridPagination(pagination.BasePagination):
    """limit/offset by default; keyset when the request asks for it."""

    def _choose(self, request):
        mode = request.query_params.get("pagination")
        if mode not in (None, "", "cursor"):
            raise ValidationError({"pagination": [MSG_PAGINATION]})
        keyset = "cursor" in request.query_params or mode == "cursor"
        return KeysetPagination() if keyset else LimitOffsetPagination()

    def paginate_queryset(self, queryset, request, view=None):
        self.active = self._choose(request)
        return self.active.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.active.get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        response = LimitOffsetPagination().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = "Total rows (limit/offset pagination only)."
        response["required"] = ["results"]
        return response

    def get_schema_operation_parameters(self, view):
        limit_offset = LimitOffsetPagination().get_schema_operation_parameters(view)
        bounds = {"limit": {"minimum": 1}, "offset": {"minimum": 0}}
        for parameter in limit_offset:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
            if parameter["name"] == "limit":
                parameter["description"] = (
                    f"Rows per page (default {DEFAULT_LIMIT}, GeoJSON {GEOJSON_LIMIT}; up to {MAX_LIMIT}, more gives "
                    f"{MAX_LIMIT})."
                )
        return [
            *limit_offset,
            {
                "name": "pagination",
                "required": False,
                "in": "query",
                "description": "`cursor` for keyset pagination (full downloads); follow `next` links.",
                "schema": {"type": "string", "enum": ["cursor"]},
            },
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Opaque cursor from a `next`/`previous` link.",
                "schema": {"type": "string"},
            },
        ]

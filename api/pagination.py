"""Pagination: limit/offset (with a total count) up to a documented maximum, or cursor (keyset) pagination for full
downloads: `?pagination=cursor` (or any `cursor=`) walks the whole table by id at constant cost per page."""

from rest_framework import pagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT


class KeysetPagination(pagination.CursorPagination):
    page_size = DEFAULT_LIMIT
    page_size_query_param = "limit"
    max_page_size = MAX_LIMIT
    ordering = ("id",)

    def get_ordering(self, request, queryset, view):
        return self.ordering  # a unique key keeps every page's cost constant


class HybridPagination(pagination.BasePagination):
    """limit/offset by default; keyset when the request asks for it."""

    def _choose(self, request):
        keyset = "cursor" in request.query_params or request.query_params.get("pagination") == "cursor"
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

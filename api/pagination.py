"""Pagination: limit/offset with a documented maximum page size."""

from rest_framework import pagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

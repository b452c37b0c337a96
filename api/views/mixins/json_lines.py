"""`?format=jsonl`: the whole filtered list as JSON lines, one API item a line, streamed (api/json_lines.py)."""

import itertools

from django.http import StreamingHttpResponse
from django.utils.translation import get_language
from rest_framework.response import Response

from api.json_lines import (
    item_finishers,
    item_text,
    json_finish,
    json_items,
    json_lines_copy_sql,
    json_lines_stream,
)
from api.renderers import JSONLinesRenderer
from api.sql_pages import page_items_class, page_rows

COMPILED_ITEMS: dict = {}
MAX_COMPILED_ITEMS = 200

# Formats whose pages are the serializer's items as they are (GeoJSON needs the records for their places).
PLAIN_PAGES = ("json", "api")


class JSONLinesMixin:
    """Offers `jsonl` on the list of a view with `json_lines = True`; needs StreamingExportMixin (`streams`, `_stream`)
    under it. Like CSV, the download ignores paging and takes every filter, the order and `fields`/`omit`."""

    json_lines = False
    sql_pages = False  # JSON pages built by PostgreSQL without offering JSON lines (the polygons: api/views/hazards.py)

    def get_renderers(self):
        found = super().get_renderers()
        return [*found, JSONLinesRenderer()] if self.json_lines and self.action == "list" else found

    def streams(self, fmt: str) -> bool:
        return (fmt == JSONLinesRenderer.format and self.json_lines) or super().streams(fmt)

    def _stream(self, queryset, fmt):
        if fmt != JSONLinesRenderer.format:
            return super()._stream(queryset, fmt)
        response = StreamingHttpResponse(self.json_lines_chunks(queryset), content_type=JSONLinesRenderer.media_type)
        response["Content-Disposition"] = f'attachment; filename="{self.basename}.jsonl"'
        return response

    def sql_page(self, queryset, fmt) -> Response | None:
        """A JSON page whose items PostgreSQL builds (api/json_lines.py), in the query that picks the page's rows;
        None where the view or a field has no SQL rendering, and the serializer makes the page."""
        items = self.sql_page_items(queryset) if fmt in PLAIN_PAGES else None
        return None if items is None else self.get_paginated_response(items)

    def sql_page_items(self, queryset) -> list[dict] | None:
        """The items of the requested page, built by PostgreSQL; None where the view (`json_lines`, or `sql_pages`
        for pages only) or a field has no SQL rendering."""
        if not (self.json_lines or self.sql_pages) or self.paginator is None:
            return None
        text, finish, items = self._compiled_items(queryset.model)
        if text is None:
            return None
        # One statement (api/sql_pages.py): the query that picks the page's ids, and their items built around it,
        # for the page's rows only. DISTINCT selects the order's columns too: there, the ids first, then their items.
        if queryset.query.distinct:
            page = self.paginate_queryset(queryset.values("id"))
            return json_items(text, queryset, [row["id"] for row in page], finish)
        page = self.paginate_queryset(page_rows(queryset, items))
        return json_finish([row["_line"] for row in page], finish)

    def _compiled_items(self, model):
        """item_text, its finishers and its item statement (api/sql_pages.py), compiled once per serializer, field
        selection and language: building a serializer and compiling its SQL cost more than a small page's query (the
        fields were checked when first compiled, and a serializer's fields depend on nothing else)."""
        params = self.request.query_params
        prepared = getattr(self, "prepared_lists", False)
        key = (self.get_serializer_class(), model, params.get("fields"), params.get("omit"), get_language(), prepared)
        found = COMPILED_ITEMS.get(key)
        if found is None:
            serializer = self.get_serializer()
            text = item_text(serializer, model)
            items = None if text is None else page_items_class(text, model, prepared_ids=prepared)
            found = (text, item_finishers(serializer), items)
            if len(COMPILED_ITEMS) >= MAX_COMPILED_ITEMS:  # the field selections are the request's: keep it bounded
                COMPILED_ITEMS.clear()
            COMPILED_ITEMS[key] = found
        return found

    def json_lines_chunks(self, queryset):
        """The lines in chunks: rendered by PostgreSQL where every field has an SQL rendering, else serialized here
        a thousand rows at a time (constant memory either way)."""
        serializer = self.get_serializer()
        copy = json_lines_copy_sql(serializer, queryset)
        if copy is not None:
            return json_lines_stream(copy, queryset.db)
        return self._serialized_lines(queryset)

    def _serialized_lines(self, queryset):
        render = JSONLinesRenderer().render
        rows = queryset.iterator(chunk_size=1000)
        while chunk := list(itertools.islice(rows, 1000)):
            yield render(self.get_serializer(chunk, many=True).data)

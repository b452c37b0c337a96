"""`?format=jsonl`: the whole filtered list as JSON lines, one API item a line, streamed (api/json_lines.py)."""

import itertools

from django.http import StreamingHttpResponse
from rest_framework.response import Response

from api.json_lines import item_text, json_items, json_lines_copy_sql, json_lines_stream
from api.renderers import JSONLinesRenderer

# Formats whose pages are the serializer's items as they are (GeoJSON needs the records for their places).
PLAIN_PAGES = ("json", "api")


class JSONLinesMixin:
    """Offers `jsonl` on the list of a view with `json_lines = True`; needs StreamingExportMixin (`streams`, `_stream`)
    under it. Like CSV, the download ignores paging and takes every filter, the order and `fields`/`omit`."""

    json_lines = False

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
        """A JSON page whose items PostgreSQL builds (api/json_lines.py): the page's ids, then their items in one
        query; None where the view or a field has no SQL rendering, and the serializer makes the page."""
        if not self.json_lines or fmt not in PLAIN_PAGES or self.paginator is None:
            return None
        text = item_text(self.get_serializer(), queryset.model)
        if text is None:
            return None
        page = self.paginate_queryset(queryset.values("id"))
        return self.get_paginated_response(json_items(text, queryset, [row["id"] for row in page]))

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

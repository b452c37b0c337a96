"""CSV, HXL CSV and XLSX downloads of a whole list, streamed in the import format (kb/services/exports.py)."""

import itertools

from django.http import FileResponse, StreamingHttpResponse

from api.params import bom_requested
from api.renderers import BOM, XLSXRenderer
from kb.services.exports import rows_export_stream, rows_export_xlsx_file
from kb.services.imports.registry import resource_for_model

STREAMED_FORMATS = ("csv", "hxl", "xlsx")


class StreamingExportMixin:
    @property
    def export_resource(self) -> str | None:
        try:
            return resource_for_model(self.get_queryset().model)[0]
        except LookupError:
            return None

    def streams(self, fmt: str) -> bool:
        return fmt in STREAMED_FORMATS and bool(self.export_resource)

    def _check_page_parameters(self, request) -> None:
        """A streamed download ignores paging and field selection, but still refuses malformed values."""
        paginator = self.paginator
        if paginator is not None:
            active = paginator._choose(request)
            if hasattr(active, "get_limit"):
                active.get_limit(request)
                active.get_offset(request)
            else:
                active.get_page_size(request)
        self._select_fields(self.get_serializer())

    def _chunks(self, queryset, fmt, progress=None):
        chunks = rows_export_stream(resource=self.export_resource, queryset=queryset, fmt=fmt, progress=progress)
        return itertools.chain([BOM], chunks) if bom_requested(self.request) else chunks

    def _stream(self, queryset, fmt):
        resource = self.export_resource
        if fmt == "xlsx":
            return FileResponse(
                rows_export_xlsx_file(resource=resource, queryset=queryset),
                content_type=XLSXRenderer.media_type,
                as_attachment=True,
                filename=f"{resource}.xlsx",
            )
        response = StreamingHttpResponse(self._chunks(queryset, fmt), content_type="text/csv; charset=utf-8")
        suffix = "-hxl" if fmt == "hxl" else ""
        response["Content-Disposition"] = f'attachment; filename="{resource}{suffix}.csv"'
        return response

    def export_write(self, queryset, fmt: str, output, progress=None) -> None:
        """Write the download `_stream` answers, byte for byte, to the binary file `output` (an export job's file,
        kb/services/export_jobs.py); `progress(rows)` hears how many rows are written."""
        if fmt == "xlsx":
            rows_export_xlsx_file(resource=self.export_resource, queryset=queryset, output=output, progress=progress)
            return
        for chunk in self._chunks(queryset, fmt, progress):
            output.write(chunk.encode("utf-8"))

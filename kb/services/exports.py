"""rows_export: the same columns (and HXL tags) that imports read, so export → import changes nothing."""

import csv
import io

import tablib

from kb.services.imports.registry import RESOURCES
from kb.services.imports.widgets import FORMULA_PREFIXES

FORMATS = ("csv", "hxl", "xlsx")


def neutralise_formula(value: str) -> str:
    """Prefix a quote to text a spreadsheet would run as a formula (OWASP CSV injection); numbers stay as they are."""
    if value and value.startswith(FORMULA_PREFIXES):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def rows_export(*, resource: str, queryset=None, fmt: str = "csv") -> bytes:
    """Export `queryset` (default: every row) of one resource as CSV, HXL-tagged CSV or XLSX."""
    resource_class = RESOURCES[resource]
    handler = resource_class()
    if queryset is None:
        queryset = resource_class._meta.model._default_manager.all()
    dataset: tablib.Dataset = handler.export(queryset=queryset)
    rows = [[neutralise_formula("" if v is None else str(v)) for v in row] for row in dataset]
    header = list(dataset.headers)
    if fmt in ("hxl", "xlsx"):
        rows.insert(0, resource_class.hxl_tags())
    if fmt == "xlsx":
        book = tablib.Dataset(*rows, headers=header)
        return book.export("xlsx")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


ATTRIBUTION_COLUMNS = ("source_title", "source_url")


def rows_export_stream(*, resource: str, queryset, fmt: str = "csv", chunk_size: int = 2000):
    """Yield CSV (or HXL-tagged CSV) text in chunks: constant memory for a whole table. Rows with a source also
    carry its title and URL, so attribution travels with the data (imports ignore those two columns)."""
    resource_class = RESOURCES[resource]
    fields = [resource_class.fields[name] for name in resource_class._meta.fields]
    cited = "source" in resource_class._meta.fields
    header = [f.column_name for f in fields] + (list(ATTRIBUTION_COLUMNS) if cited else [])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    if fmt == "hxl":
        writer.writerow(resource_class.hxl_tags() + (["#meta+source+title", "#meta+source+url"] if cited else []))
    for count, obj in enumerate(queryset.iterator(chunk_size=chunk_size), start=1):
        cells = ["" if (value := f.export(obj)) is None else str(value) for f in fields]
        if cited:
            cells += [obj.source.title, obj.source.url]
        writer.writerow([neutralise_formula(cell) for cell in cells])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()

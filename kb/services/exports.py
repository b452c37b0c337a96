"""rows_export: the same columns (and HXL tags) that imports read, so export → import changes nothing."""

import codecs
import csv
import io
import itertools
import tempfile

import tablib
from django.db import connection, connections
from django.db.models import F, Func, TextField
from django.db.models.expressions import RawSQL
from import_export import fields

from kb.services import citations_sql
from kb.services.export_columns import export_columns
from kb.services.imports.registry import RESOURCES
from kb.services.imports.widgets import FORMULA_PREFIXES, WORKBOOK_ILLEGAL, quoted_formula

FORMATS = ("csv", "hxl", "xlsx")


def neutralise_formula(value: str) -> str:
    """Prefix a quote to text a spreadsheet would run as a formula (OWASP CSV injection); numbers stay as they are.
    Text already written that way (`'=x`, `''=x`) gets one more, which the import takes off again (TextWidget), so
    that it reads back as it was stored."""
    if value and value.startswith(FORMULA_PREFIXES):
        try:
            float(value)
        except ValueError:
            return "'" + value
    elif quoted_formula(value):
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
        output = io.BytesIO()
        xlsx_write([header, *rows], output)
        return output.getvalue()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _download_columns(resource_class, model):
    fields = [resource_class.fields[name] for name in resource_class._meta.fields]
    leading, trailing = export_columns(model, resource_class._meta.fields)
    return fields, leading, trailing


def rows_export_header(*, resource: str, model, fmt: str = "csv") -> list[list[str]]:
    """The header row of a download (and the HXL hashtag row for `hxl` and `xlsx`)."""
    resource_class = RESOURCES[resource]
    fields, leading, trailing = _download_columns(resource_class, model)
    header = [c.name for c in leading] + [f.column_name for f in fields] + [c.name for c in trailing]
    if fmt == "csv":
        return [header]
    return [header, [c.hxl for c in leading] + resource_class.hxl_tags() + [c.hxl for c in trailing]]


def rows_export_cells(*, resource: str, queryset, chunk_size: int = 2000):
    """Yield each record of `queryset` as the cells of a download row (text, formulas neutralised)."""
    resource_class = RESOURCES[resource]
    fields, leading, trailing = _download_columns(resource_class, queryset.model)
    if "admin_area" in {f.name for f in queryset.model._meta.concrete_fields}:
        queryset = queryset.select_related("admin_area__parent")  # adm1_pcode of a level-2 area, without a query
    for obj in queryset.iterator(chunk_size=chunk_size):
        values = [c.value(obj) for c in leading] + [f.export(obj) for f in fields] + [c.value(obj) for c in trailing]
        yield [neutralise_formula("" if value is None else str(value)) for value in values]


def rows_export_stream(
    *,
    resource: str,
    queryset,
    fmt: str = "csv",
    chunk_size: int = 2000,
    rows_per_chunk: int = 500,
    sql: bool = True,
    progress=None,
):
    """Yield CSV (or HXL-tagged CSV) text in chunks: constant memory for a whole table. Besides the import columns,
    rows carry the record's id and version and, where they apply, the source's title and URL (attribution travels
    with the data) and the HXL helpers of kb/services/export_columns.py; imports ignore those columns.
    `progress(rows)`, if given, hears how many rows were written each time a chunk is handed on (export jobs).
    Without `sql`, rows are read `chunk_size` at a time and handed on `rows_per_chunk` at a time."""
    report = progress or (lambda rows: None)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows_export_header(resource=resource, model=queryset.model, fmt=fmt))
    copy = rows_export_copy_sql(resource, queryset) if sql else None
    if copy is not None:  # the same bytes, rendered by PostgreSQL (below)
        yield buffer.getvalue()
        decoder = codecs.getincrementaldecoder("utf-8")()
        pending, size, rows = [], 0, 0
        with connections[queryset.db].cursor() as cursor, cursor.cursor.copy(*copy) as stream:
            for block in stream:  # one row a block: handed on in chunks of about 64 kB
                pending.append(block)
                size += len(block)
                rows += 1
                if size >= 65536:
                    yield decoder.decode(b"".join(pending))
                    report(rows)
                    pending, size = [], 0
        yield decoder.decode(b"".join(pending), final=True)
        report(rows)
        return
    count = 0
    for count, cells in enumerate(rows_export_cells(resource=resource, queryset=queryset, chunk_size=chunk_size), 1):
        writer.writerow(cells)
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            report(count)
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
    report(count)


def rows_export_xlsx_file(*, resource: str, queryset, output=None, progress=None):
    """The download as an XLSX workbook in a temporary file (or `output`), rewound, with the HXL hashtag row as
    kb_export writes it: rows go to disk as they are read, so memory stays bounded however large the table.
    `progress(rows)`, if given, is told every 500 rows and at the end how many were written."""
    output = output if output is not None else tempfile.TemporaryFile()
    header = rows_export_header(resource=resource, model=queryset.model, fmt="xlsx")
    cells = rows_export_cells(resource=resource, queryset=queryset)
    xlsx_write(itertools.chain(header, _counted(cells, progress) if progress else cells), output)
    output.seek(0)
    return output


def _counted(rows, progress):
    count = 0
    for count, row in enumerate(rows, 1):
        if count % 500 == 0:
            progress(count)
        yield row
    progress(count)


def xlsx_write(rows, output) -> None:
    """Write `rows` (lists of cells) as one worksheet to the binary file `output`, with openpyxl's write-only mode:
    memory stays bounded however many rows there are."""
    from openpyxl import Workbook  # here: a worker that never writes a workbook does not hold openpyxl

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append([_storable(cell) for cell in row])
    book.save(output)


def _storable(cell):
    """A control character a workbook cannot hold (stored before imports refused them) shows as U+FFFD, not a 500."""
    return WORKBOOK_ILLEGAL.sub("\ufffd", cell) if isinstance(cell, str) else cell


# ------------------------------------------------------------------------------------------------------------------
# The same CSV from PostgreSQL's COPY: each cell rendered in SQL exactly as the widgets render it, so a whole table
# streams at the database's speed with constant memory. Used by rows_export_stream for resources whose every column
# it knows how to render (the statistics); any other resource takes the row-by-row path above.

# What Python's float() accepts (neutralise_formula leaves it as it is), as a PostgreSQL regular expression.
_DIGITS = "[0-9](_?[0-9])*"
_FLOAT_RE = rf"^\s*[+-]?((({_DIGITS})(\.({_DIGITS})?)?|\.{_DIGITS})([eE][+-]?{_DIGITS})?|inf|infinity|nan)\s*$"


# The citations cell (CitationsField): `slug: locator` in slug order, ` | ` between.
CITATIONS_AGGREGATE = (
    "string_agg(CASE WHEN c.locator <> '' THEN s.slug || ': ' || c.locator ELSE s.slug END, ' | ' ORDER BY s.slug)"
)
# A related row's column (read through the query's join), as cell text.
_JOINED_TEXT = "COALESCE(%(expressions)s::text, '')"


def _neutralised(sql: str) -> str:
    """neutralise_formula in SQL, over a non-null text expression. The test names the value up to four times, and
    PostgreSQL would run a subquery (a source's title, a record's citations) each time: such a value is computed
    once, in a subquery of its own that the planner keeps (OFFSET 0), and the test reads it from there."""
    if "SELECT" not in sql:
        return _formula_test(sql)
    return f"(SELECT {_formula_test('v.value')} FROM (SELECT {sql} AS value OFFSET 0) v)"


def _formula_test(value: str) -> str:
    return (
        f"(CASE WHEN left({value}, 1) IN ('-', '=', '+', '@', E'\\t', E'\\r') AND {value} !~* '{_FLOAT_RE}' "
        f"OR {value} ~ E'^''+[-=+@\\\\t\\\\r]' THEN '''' || {value} ELSE {value} END)"
    )


def period_sql(table: str) -> str:
    """SQL for a record's period as kb.periods.period_format writes it (2018, 2025-12, 2021-12-31, start/end)."""
    return (
        f"(CASE {table}.period_kind WHEN 'year' THEN lpad(extract(year FROM {table}.period_start)::text, 4, '0') "
        f"WHEN 'month' THEN to_char({table}.period_start, 'YYYY-MM') WHEN 'as_of' THEN {table}.period_start::text "
        f"ELSE {table}.period_start::text || '/' || {table}.period_end::text END)"
    )


def _cell(template: str, *expressions):
    """One CSV cell: `template` over the expressions, empty text as NULL (COPY writes NULL unquoted, as csv.writer
    writes an empty cell)."""
    if expressions:
        return Func(*expressions, template=f"NULLIF({template}, '')", output_field=TextField())
    return RawSQL(f"NULLIF({template}, '')", (), output_field=TextField())


def _cell_expression(resource_class, name: str, model, joined: bool = False):
    """The SQL expression rendering one export column as rows_export_stream does; None where it has none. `joined`:
    the citations come from the query's join (kb/services/citations_sql.py)."""
    from kb.services.imports.statistics import CitationsField, PeriodField, PreferredField
    from kb.services.imports.widgets import (
        NaturalKeyWidget,
        NullableChoiceWidget,
        QualifiersWidget,
        StrictDecimalWidget,
        StrictIntegerWidget,
        TextWidget,
    )

    table = connection.ops.quote_name(model._meta.db_table)
    field = resource_class.fields[name]
    widget = field.widget
    if isinstance(field, PeriodField):
        return _cell(period_sql(table))
    if isinstance(field, PreferredField):
        return _cell(f"(CASE WHEN {table}.is_preferred THEN 'true' ELSE 'false' END)")
    if isinstance(field, CitationsField):
        value = citations_sql.VALUE if joined else citations_sql.citations_subquery(model, CITATIONS_AGGREGATE)
        return _cell(_neutralised(f"COALESCE({value}, '')"))
    if type(field) is not fields.Field:
        return None
    column = f"{table}.{connection.ops.quote_name(model._meta.get_field(field.attribute).column)}"
    if isinstance(widget, NaturalKeyWidget):
        return _cell(_neutralised(_JOINED_TEXT), F(f"{field.attribute}__{widget.field}"))
    if isinstance(widget, QualifiersWidget):
        return _cell(
            _neutralised(
                f"(CASE WHEN {column} = '{{}}'::jsonb THEN '' ELSE COALESCE((SELECT string_agg(q.key || ':' || "
                f"q.value, '; ' ORDER BY q.key COLLATE \"C\") FROM jsonb_each_text({column}) q), '') END)"
            )
        )
    if isinstance(widget, StrictIntegerWidget):
        return _cell(f"COALESCE({column}::text, '')")
    if isinstance(widget, StrictDecimalWidget):
        text = f"{column}::text"
        return _cell(
            f"COALESCE(CASE WHEN position('.' IN {text}) > 0 THEN rtrim(rtrim({text}, '0'), '.') ELSE {text} END, '')"
        )
    if isinstance(widget, NullableChoiceWidget | TextWidget):
        return _cell(_neutralised(f"COALESCE({column}::text, '')"))
    return None


def _export_column_cell(column, table: str):
    if column.path:
        return _cell(_neutralised(_JOINED_TEXT) if column.text else _JOINED_TEXT, F(column.path))
    sql = "COALESCE(" + column.sql.format(table=table) + "::text, '')"
    return _cell(_neutralised(sql) if column.text else sql)


def rows_export_copy_sql(resource: str, queryset) -> tuple[str, tuple] | None:
    """COPY ... TO STDOUT rendering the rows of `queryset` (its filters, its order) as rows_export_stream does, without
    the header; None when a column of the resource has no SQL rendering."""
    cited = _has_citations(RESOURCES[resource])
    rows = _copy_rows(resource, queryset, joined=cited)
    if rows is None:
        return None
    if not cited:
        compiled = rows.query.sql_with_params()
    else:
        join = citations_sql.citations_join(queryset.model, CITATIONS_AGGREGATE)
        compiled = (
            citations_sql.sql_with_join(rows, join)
            or _copy_rows(resource, queryset, joined=False).query.sql_with_params()
        )
    sql, params = compiled
    return f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params


def _has_citations(resource_class) -> bool:
    from kb.services.imports.statistics import CitationsField

    return any(isinstance(resource_class.fields[name], CitationsField) for name in resource_class._meta.fields)


def _copy_rows(resource: str, queryset, joined: bool):
    """The rows of the export's COPY, one cell a column; None when a column has no SQL rendering."""
    resource_class = RESOURCES[resource]
    model = queryset.model
    table = connection.ops.quote_name(model._meta.db_table)
    leading, trailing = export_columns(model, resource_class._meta.fields)
    cells = {f"_lead{i}": _export_column_cell(c, table) for i, c in enumerate(leading)}
    cells |= {
        f"_cell{i}": _cell_expression(resource_class, name, model, joined)
        for i, name in enumerate(resource_class._meta.fields)
    }
    cells |= {f"_trail{i}": _export_column_cell(c, table) for i, c in enumerate(trailing)}
    if any(cell is None for cell in cells.values()):
        return None
    return queryset.annotate(**cells).values_list(*cells)

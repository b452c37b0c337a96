"""rows_export: the same columns (and HXL tags) that imports read, so export → import changes nothing."""

import codecs
import csv
import io

import tablib
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F, Func, TextField
from django.db.models.expressions import RawSQL
from import_export import fields

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


def rows_export_stream(*, resource: str, queryset, fmt: str = "csv", chunk_size: int = 2000, sql: bool = True):
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
    copy = rows_export_copy_sql(resource, queryset) if sql else None
    if copy is not None:  # the same bytes, rendered by PostgreSQL (below)
        yield buffer.getvalue()
        decoder = codecs.getincrementaldecoder("utf-8")()
        pending, size = [], 0
        with connection.cursor() as cursor, cursor.cursor.copy(*copy) as stream:
            for block in stream:  # one row a block: handed on in chunks of about 64 kB
                pending.append(block)
                size += len(block)
                if size >= 65536:
                    yield decoder.decode(b"".join(pending))
                    pending, size = [], 0
        yield decoder.decode(b"".join(pending), final=True)
        return
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


# ------------------------------------------------------------------------------------------------------------------
# The same CSV from PostgreSQL's COPY: each cell rendered in SQL exactly as the widgets render it, so a whole table
# streams at the database's speed with constant memory. Used by rows_export_stream for resources whose every column
# it knows how to render (the statistics); any other resource takes the row-by-row path above.

# What Python's float() accepts (neutralise_formula leaves it as it is), as a PostgreSQL regular expression.
_DIGITS = "[0-9](_?[0-9])*"
_FLOAT_RE = rf"^\s*[+-]?((({_DIGITS})(\.({_DIGITS})?)?|\.{_DIGITS})([eE][+-]?{_DIGITS})?|inf|infinity|nan)\s*$"


def _neutralised(sql: str) -> str:
    """neutralise_formula in SQL, over a non-null text expression."""
    return (
        f"(CASE WHEN left({sql}, 1) IN ('-', '=', '+', '@', E'\\t', E'\\r') AND {sql} !~* '{_FLOAT_RE}' "
        f"THEN '''' || {sql} ELSE {sql} END)"
    )


def _cell(template: str, *expressions):
    """One CSV cell: `template` over the expressions, empty text as NULL (COPY writes NULL unquoted, as csv.writer
    writes an empty cell)."""
    if expressions:
        return Func(*expressions, template=f"NULLIF({template}, '')", output_field=TextField())
    return RawSQL(f"NULLIF({template}, '')", (), output_field=TextField())


def _cell_expression(resource_class, name: str, model):
    """The SQL expression rendering one export column as rows_export_stream does; None where it has none."""
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
        return _cell(
            f"(CASE {table}.period_kind WHEN 'year' THEN lpad(extract(year FROM {table}.period_start)::text, 4, '0') "
            f"WHEN 'month' THEN to_char({table}.period_start, 'YYYY-MM') WHEN 'as_of' THEN {table}.period_start::text "
            f"ELSE {table}.period_start::text || '/' || {table}.period_end::text END)"
        )
    if isinstance(field, PreferredField):
        return _cell(f"(CASE WHEN {table}.is_preferred THEN 'true' ELSE 'false' END)")
    if isinstance(field, CitationsField):
        content_type = ContentType.objects.get_for_model(model)
        return _cell(
            _neutralised(
                "COALESCE((SELECT string_agg(CASE WHEN c.locator <> '' THEN s.slug || ': ' || c.locator "
                "ELSE s.slug END, ' | ' ORDER BY s.slug) FROM kb_citation c JOIN kb_source s ON s.id = c.source_id "
                f"WHERE c.content_type_id = {int(content_type.pk)} AND c.object_id = {table}.id), '')"
            )
        )
    if type(field) is not fields.Field:
        return None
    column = f"{table}.{connection.ops.quote_name(model._meta.get_field(field.attribute).column)}"
    if isinstance(widget, NaturalKeyWidget):
        return _cell(_neutralised("COALESCE(%(expressions)s::text, '')"), F(f"{field.attribute}__{widget.field}"))
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


def rows_export_copy_sql(resource: str, queryset) -> tuple[str, tuple] | None:
    """COPY ... TO STDOUT rendering the rows of `queryset` (its filters, its order) as rows_export_stream does, without
    the header; None when a column of the resource has no SQL rendering."""
    resource_class = RESOURCES[resource]
    model = queryset.model
    cells = {
        f"_cell{i}": _cell_expression(resource_class, name, model) for i, name in enumerate(resource_class._meta.fields)
    }
    if any(cell is None for cell in cells.values()):
        return None
    if "source" in resource_class._meta.fields:
        for attribute in ("title", "url"):
            cells[f"_cell_source_{attribute}"] = _cell(
                _neutralised("COALESCE(%(expressions)s::text, '')"), F(f"source__{attribute}")
            )
    rows = queryset.annotate(**cells).values_list(*cells)
    sql, params = rows.query.sql_with_params()
    return f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params

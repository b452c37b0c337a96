"""The bulk path's first steps: each distinct cell value read once (with the row path's messages), and the readable
rows written with COPY into a temporary staging table (kb/services/imports/bulk.py)."""

import datetime as dt
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from kb.choices import QualifierChoices
from kb.models.base import MSG_QUALIFIER_VALUE, qualifier_field_message
from kb.services.imports.errors import BulkNotApplicable, CellError, ImportIssue
from kb.services.imports.statistics import CitationsField, PeriodField, PreferredField

MSG_CITATIONS = "The bulk import does not take a citations column with values; import the file without --bulk."
STAGE = "kb_bulk_stage"
COPY_CHUNK = 10_000  # lines per COPY write


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dict):
        value = json.dumps(value)
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class StagedColumn:
    """One file column: how its distinct values become staged columns (COPY text) or a cell error."""

    def __init__(self, resource, name: str, model):
        self.field = resource.fields[name]
        self.name = self.field.column_name
        self.model = model
        if isinstance(self.field, PeriodField):
            self.targets = ["period_kind", "period_start", "period_end"]
            self.model_fields = []
        elif isinstance(self.field, PreferredField):
            self.targets = ["pref_req"]
            self.model_fields = []
        else:
            model_field = model._meta.get_field(self.field.attribute)
            self.targets = [model_field.column]
            self.model_fields = [] if model_field.is_relation else [model_field]
        self.cache: dict[str, str | CellError | ValidationError] = {}

    def default(self) -> str:
        """A column left out of the file: the model's default for new records."""
        if isinstance(self.field, PreferredField):
            return r"\N"
        return _copy_text(self.model._meta.get_field(self.field.attribute).get_default())

    def encode(self, raw: str):
        """COPY text for the raw cell, or the error the row path reports for it."""
        found = self.cache.get(raw)
        if found is None:
            found = self.cache[raw] = self._encode(raw)
        return found

    def _encode(self, raw: str):
        try:
            value = self.field.widget.clean(raw)
        except CellError as exc:
            return exc
        except ValueError as exc:
            return CellError(str(exc), column=self.name, value=raw)
        if isinstance(self.field, PeriodField):
            return "\t".join(_copy_text(v) for v in (value.kind, value.start, value.end))
        for model_field in self.model_fields:
            try:
                value = model_field.clean(value, None)
            except ValidationError as exc:
                return exc
        if self.field.attribute == "qualifiers":
            error = _qualifiers_error(self.model, value)
            if error:
                return ValidationError(error)
        return _copy_text(value)


def _qualifiers_error(model, qualifiers: dict) -> str:
    """StatisticalRecord.clean's qualifier rule, for one distinct value."""
    error = ""
    for field, qualifier in (qualifiers or {}).items():
        if field not in model.figure_fields:
            error = qualifier_field_message(model.figure_fields)
        elif qualifier not in QualifierChoices.values:
            error = str(MSG_QUALIFIER_VALUE.format(value=qualifier, choices=", ".join(QualifierChoices.values)))
    return error


def _cell_error_issues(number: int, column: StagedColumn, raw: str, error) -> list[ImportIssue]:
    if isinstance(error, CellError):
        return [ImportIssue(row=number, column=error.column or column.name, value=error.value, message=str(error))]
    return [ImportIssue(row=number, column=column.name, value=raw, message=str(m)) for m in error.messages]


def staged_columns(resource_class, handler, table) -> tuple[list, list[StagedColumn]]:
    """The resource's columns as (position in the file or None, column) for those the rows give, and the columns
    left out (their defaults are staged); a citations column with values is the row path's."""
    model = resource_class._meta.model
    position = table.positions()
    present, absent = [], []
    key_names = set(resource_class.key_columns())
    for name in resource_class._meta.fields:
        column = StagedColumn(handler, name, model)
        if isinstance(column.field, CitationsField):
            if column.name in position and any(row[position[column.name]].strip() for row in table.rows):
                raise BulkNotApplicable([ImportIssue(row=1, column=column.name, message=MSG_CITATIONS)])
            continue
        if column.name in position:
            present.append((position[column.name], column))
        elif column.name in key_names:
            present.append((None, column))  # a key column left out is empty on every row
        else:
            absent.append(column)
    return present, absent


def staged_lines(table, present: list, absent: list[StagedColumn]) -> tuple[list[str], list[ImportIssue]]:
    """COPY lines (row index first) of the rows whose cells all read, and the problems of the others."""
    issues: list[ImportIssue] = []
    lines: list[str] = []
    defaults = [column.default() for column in absent]
    for index, (number, row) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        parts = [str(index)]
        bad = False
        for at, column in present:
            raw = "" if at is None else row[at]
            encoded = column.encode(raw)
            if isinstance(encoded, str):
                parts.append(encoded)
            else:
                issues += _cell_error_issues(number, column, raw, encoded)
                bad = True
        if not bad:
            lines.append("\t".join(parts + defaults))
    return lines, issues


def stage_create(cursor, table_name: str, targets: list[str], lines: list[str]) -> None:
    """A temporary copy of the model's table (plus row index and requested preference), filled with COPY."""
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    cursor.execute(
        f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS SELECT * FROM {table_name} WITH NO DATA; "
        f"ALTER TABLE {STAGE} ADD COLUMN rownum integer, ADD COLUMN pref_req boolean"
    )
    with cursor.cursor.copy(f"COPY {STAGE} (rownum, {', '.join(targets)}) FROM STDIN") as copy:
        for start in range(0, len(lines), COPY_CHUNK):
            copy.write("".join(line + "\n" for line in lines[start : start + COPY_CHUNK]))

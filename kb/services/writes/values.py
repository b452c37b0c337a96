"""Typed values applied to a record, column by column, with the import mapping's columns and messages.

A value that is already typed (an API request's int, Decimal, date, bool, qualifiers object, citations list or list
of choices, as its serializer validated it) is set as it is; text is read by the column's own widget, as a file's
cell is (natural keys such as an ISO3 code or a source slug, periods, choices, plain text). Nothing typed is turned
into text and parsed again."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from kb.services.imports.statistics import CitationsField, PeriodField, PreferredField
from kb.services.imports.widgets import ChoiceListWidget

MSG_UNKNOWN_FIELD = "Unknown field; writable fields: {fields}."


@dataclass
class Applied:
    """What applying the values found: errors by column, and what is written after the record itself."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    preferred: bool | None = None  # the writer's explicit preference request, None when not given
    citations: list | None = None  # [(Source, locator)] to sync after saving, None when not given


def _decimal(value: Decimal) -> Decimal:
    # A request's 1.500000 is the figure 1.5: the model's digit limits judge the number, not how it was written.
    return Decimal(format(value.normalize(), "f"))


def _citations(resource_field, value: list) -> list:
    citations = []
    for item in value:
        slug = str(item["source"]).strip()
        citations.append(resource_field.widget.citation(slug, str(item.get("locator") or "").strip(), slug))
    return citations


def cell_text(value) -> str:
    """How a file would write `value` in a cell. Only the checks of a batch as a table use it (repeated and
    complementary rows are compared cell by cell, as a file's are); the values stored are the typed ones."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "; ".join(f"{k}:{v}" for k, v in sorted(value.items()))
    if isinstance(value, list):
        return " | ".join(map(_list_item_text, value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _list_item_text(item) -> str:
    """One item of a list cell: a choice as it is, a citation as `slug: locator` (or its slug alone)."""
    if isinstance(item, str):
        return item
    return f"{item['source']}: {item['locator']}" if item.get("locator") else item["source"]


def typed_value(resource_field, value):
    """The attribute value of one column: typed values as they are, text (or None) read by the column's widget.
    Raises the widget's CellError (a ValueError naming the column)."""
    if isinstance(value, bool | int | dt.date):
        return value
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, dict):
        return {str(name).strip(): qualifier for name, qualifier in value.items()}
    if isinstance(value, list) and isinstance(resource_field.widget, ChoiceListWidget):
        return resource_field.widget.checked(value)
    if isinstance(value, list):
        return _citations(resource_field, value)
    return resource_field.clean({resource_field.column_name: value})


def values_apply(handler, record, values: dict) -> Applied:
    """Set `values` ({column: value}) on `record` with the columns of `handler` (an import resource); unknown columns
    and unreadable values come back as errors."""
    by_column = {f.column_name: f for f in handler.get_import_fields()}
    unknown = [column for column in values if column not in by_column]
    if unknown:
        message = MSG_UNKNOWN_FIELD.format(fields=", ".join(by_column))
        return Applied(errors={column: [message] for column in unknown})
    applied = Applied()
    for column, value in values.items():
        try:
            _value_apply(applied, record, by_column[column], value)
        except ValueError as exc:
            applied.errors[column] = [str(exc)]
    return applied


def _value_apply(applied: Applied, record, resource_field, value) -> None:
    if isinstance(resource_field, PreferredField):
        applied.preferred = typed_value(resource_field, value)
        if applied.preferred is not None:
            record.is_preferred = applied.preferred
    elif isinstance(resource_field, CitationsField):
        applied.citations = typed_value(resource_field, value)
    elif isinstance(resource_field, PeriodField):
        period = typed_value(resource_field, value)
        record.period_kind, record.period_start, record.period_end = period.kind, period.start, period.end
    elif value is None or isinstance(value, str):
        resource_field.save(record, {resource_field.column_name: value})  # a text cell, read as a file's is
    else:
        setattr(record, resource_field.attribute, typed_value(resource_field, value))

"""New records from typed values, one or many, all or none: the API's create and bulk create.

The batch is checked as a table first, with the file checks (kb/services/imports/table_checks.py): required and
unknown columns, a record given twice, complementary items of one record combined, contradicting ones reported.
Each record is then built from its typed values, checked and stored by the write service's rules, in item order
(so an item sees the items stored before it, as a file's rows do). Problems are collected for every item, with the
import report's rules (one problem per cell, by row) and its words, and nothing is written if there is one."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

from kb.choices import ReviewStatusChoices
from kb.services.imports.base import MSG_SAME_ITEM, exists_message
from kb.services.imports.errors import ImportIssue
from kb.services.imports.reader import Table
from kb.services.imports.table_checks import issues_one_per_cell, table_prepared
from kb.services.writes.context import write_context
from kb.services.writes.rules import (
    PERIOD_FIELDS,
    record_citations_sync,
    record_preference_prepare,
    record_prepare,
    record_store,
    record_validate,
)
from kb.services.writes.values import cell_text, values_apply


class BatchRejected(Exception):
    def __init__(self, issues: list[ImportIssue]):
        super().__init__(issues)
        self.issues = issues


def records_create(*, resource_class, items: list[dict], by, channel: str, metadata: dict, extra: dict) -> list[int]:
    """Create one record per item (combined items: one record), as drafts of `by` with `extra` set; returns their
    ids in item order. Raises BatchRejected with every problem, row = the item's position from 1."""
    table = _table(resource_class, items)
    prepared, issues = table_prepared(resource_class, table)
    rows = _rows_typed(items, table, prepared, issues)
    handler = resource_class(by=by, create_only=True, extra=extra)
    pks: list[int] = []
    found: list[ImportIssue] = []
    with transaction.atomic(), write_context(channel=channel, by=by, **metadata):
        created: dict[int, int] = {}  # id -> the item that created it: a later item naming it wrote it twice
        for number, values in rows:
            outcome = _record_create(handler, values, by=by, extra=extra, created=created)
            if isinstance(outcome, int):
                pks.append(outcome)
                created[outcome] = number
            else:
                found += [ImportIssue(row=number, column=column, message=m) for column, m in outcome]
        # As a file's report: a row with a cell the table checks could not read is not also judged as a whole.
        unread = {issue.row for issue in issues if issue.column}
        issues += [i for i in sorted(found, key=lambda i: (i.row, i.column)) if i.column or i.row not in unread]
        if issues:
            raise BatchRejected(issues_one_per_cell(resource_class, prepared, issues))
    return pks


def _table(resource_class, items: list[dict]) -> Table:
    headers = list(dict.fromkeys(column for item in items for column in item))
    return Table(
        headers=headers,
        rows=[[cell_text(item.get(column)) for column in headers] for item in items],
        row_numbers=list(range(1, len(items) + 1)),
        hxl_tags=None,
    )


def _rows_typed(items: list[dict], table: Table, prepared: Table, issues) -> list[tuple[int, dict]]:
    """The checked table's rows as typed values: each cell the typed value whose text it is (the item's own, or a
    combined item's), else the cell's text (read by its column's widget, as a file's)."""
    flagged = {issue.row for issue in issues}
    kept = set(prepared.row_numbers)
    merged = [n for n in table.row_numbers if n not in kept and n not in flagged]  # combined into an earlier item
    rows = []
    for number, cells in zip(prepared.row_numbers, prepared.rows, strict=True):
        donors = [items[number - 1], *(items[n - 1] for n in merged if n > number)]
        values = {}
        for column, text in zip(prepared.headers, cells, strict=True):
            given = [d[column] for d in donors if column in d and cell_text(d[column]) == text]
            values[column] = given[0] if given else (text or None)
        rows.append((number, values))
    return rows


def _record_create(handler, values: dict, *, by, extra: dict, created: dict[int, int]):
    """The new record's id, or its problems as [(column, message)]."""
    resource_class = type(handler)
    for name in resource_class.key_columns():
        values.setdefault(name, None)  # a key column left out is empty (for a breakdown: "all")
    key = {name: "" if values[name] is None else str(values[name]) for name in resource_class.key_columns()}
    record, _ = handler.get_or_init_instance(handler._meta.instance_loader_class(handler), key)
    applied = values_apply(handler, record, values)
    attribute = {f.column_name: f.attribute for f in handler.get_import_fields()}
    try:
        record_validate(record, errors={attribute[c]: m for c, m in applied.errors.items()})
        if record.pk in created:
            return [("", MSG_SAME_ITEM.format(first=created[record.pk]))]
        if record.pk is not None:
            return [("", exists_message(record, by))]
        record_prepare(record, by=by, initial_status=ReviewStatusChoices.DRAFT, extra=extra)
        record_preference_prepare(record, requested=applied.preferred, by=by)
        record_store(record)
    except ValidationError as exc:
        return _by_column(handler, exc)
    except PermissionDenied as exc:
        return [("", str(exc))]
    if applied.citations is not None:
        record_citations_sync(record, applied.citations)
    return record.pk


def _by_column(handler, exc: ValidationError) -> list[tuple[str, str]]:
    columns = {f.attribute: f.column_name for f in handler.get_import_fields()}
    found = []
    for attribute, messages in exc.message_dict.items():
        name = "period" if attribute in PERIOD_FIELDS else attribute
        column = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
        found += [(column, str(m)) for m in messages]
    return found

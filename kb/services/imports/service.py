"""rows_import: one file, one resource, all or nothing: the import of kb_import, the admin upload and kb_seed_demo.
Each row is written by the write service's rules (kb/services/writes/), as the admin's and the API's records are."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pghistory
import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from import_export.results import RowResult

from kb.choices import ReviewStatusChoices
from kb.services.imports.bulk import MSG_NOT_BULK, bulk_supported, table_import_bulk
from kb.services.imports.errors import BulkNotApplicable, CellError, ImportIssue, ImportRejected
from kb.services.imports.reader import Table, read_table
from kb.services.imports.registry import RESOURCES
from kb.services.imports.table_checks import issues_one_per_cell, table_prepared
from kb.services.writes.context import CHANNEL_BULK, CHANNEL_IMPORT, write_context_values

MSG_UNKNOWN_RESOURCE = "Unknown resource {name!r}; choose one of: {choices}."

# Files with at least this many rows go through the bulk path (kb/services/imports/bulk.py) when it applies.
BULK_MIN_ROWS = 2000

OUTCOME = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "changed",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
}


@dataclass
class RowOutcome:
    row: int
    outcome: str  # new / changed / unchanged
    record: str
    pk: int | None = None
    diff: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (old, new), for changed rows
    values: dict[str, str] = field(default_factory=dict)  # column -> value, the filled columns of a new row


@dataclass
class ImportReport:
    resource: str
    dry_run: bool
    rows: list[RowOutcome] = field(default_factory=list)
    bulk_new: int | None = None  # the bulk path counts its new rows instead of listing them

    @property
    def totals(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        if self.bulk_new is not None:
            return {**counts, "new": self.bulk_new}
        for row in self.rows:
            counts[row.outcome] += 1
        return counts


def rows_import(
    *,
    resource: str,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    by=None,
    initial_status: str = ReviewStatusChoices.DRAFT,
    batch_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    bulk: bool | None = None,
) -> ImportReport:
    """Import one CSV/XLSX file. Raises ImportRejected with every problem found; then nothing is written.

    `by` is the acting user (None for trusted operators: kb_import, kb_seed_demo); `batch_id` ties the history
    events to an ImportBatch so it can be reverted; `progress(done, total)` is called as rows are processed.
    `bulk`: True forces the set-based path (statistics, new records only), False the row path; None (default)
    takes the bulk path for files of BULK_MIN_ROWS rows or more when it applies, else the row path."""
    return table_import(
        bulk=bulk,
        resource=resource,
        table=read_table(content, filename),
        dry_run=dry_run,
        by=by,
        initial_status=initial_status,
        batch_id=batch_id,
        progress=progress,
    )


def table_import(
    *,
    resource: str,
    table: Table,
    dry_run: bool = False,
    by=None,
    initial_status: str = ReviewStatusChoices.DRAFT,
    batch_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    create_only: bool = False,
    bulk: bool | None = False,
) -> ImportReport:
    if resource not in RESOURCES:
        raise ImportRejected(
            [ImportIssue(message=MSG_UNKNOWN_RESOURCE.format(name=resource, choices=", ".join(RESOURCES)))]
        )
    resource_class = RESOURCES[resource]
    table, issues = table_prepared(resource_class, table)
    # With problems found already, the rows are still mapped (never written) so their cells' problems join them.
    try:
        report = _table_rows_import(
            resource=resource,
            resource_class=resource_class,
            table=table,
            dry_run=dry_run or bool(issues),
            by=by,
            initial_status=initial_status,
            batch_id=batch_id,
            progress=progress,
            create_only=create_only,
            bulk=bulk,
        )
    except ImportRejected as rejected:
        unread = {issue.row for issue in issues if issue.column}
        # A row with a cell that could not be read is not also judged as a whole: its figures are incomplete.
        issues += [issue for issue in rejected.issues if issue.column or issue.row not in unread]
    if issues:
        raise ImportRejected(issues_one_per_cell(resource_class, table, issues))
    return report


def _table_rows_import(
    *,
    resource: str,
    resource_class,
    table: Table,
    dry_run: bool,
    by,
    initial_status: str,
    batch_id: int | None,
    progress: Callable[[int, int], None] | None,
    create_only: bool,
    bulk: bool | None,
) -> ImportReport:
    context = write_context_values(channel=CHANNEL_IMPORT, by=by, resource=resource, batch=batch_id)

    chosen = bulk
    if bulk is None:
        chosen = len(table.rows) >= BULK_MIN_ROWS and bulk_supported(resource_class) and not create_only
    if chosen:
        bulk_new = _bulk_attempt(
            resource, table, context, explicit=bool(bulk), dry_run=dry_run, by=by, initial_status=initial_status
        )
        if bulk_new is not None:
            if progress:
                progress(len(table.rows), len(table.rows))
            return ImportReport(resource=resource, dry_run=dry_run, bulk_new=bulk_new)

    handler = resource_class(
        initial_status=initial_status,
        by=by,
        progress=progress,
        rows_total=len(table.rows),
        row_numbers=table.row_numbers,
        create_only=create_only,
    )
    # A key column left out of the file is empty on every row (for a breakdown: "all"); other columns left out
    # leave existing records' values as they are.
    missing_keys = [name for name in resource_class.key_columns() if name not in table.headers]
    dataset = tablib.Dataset(
        *[[*row, *[""] * len(missing_keys)] for row in table.rows], headers=[*table.headers, *missing_keys]
    )
    with transaction.atomic(), pghistory.context(**context):
        result = handler.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            retain_instance_in_row_result=True,
        )
        issues = _issues(handler, table, result)
        if issues:
            raise ImportRejected(issues)
        # Read inside the transaction: exporting a row's values may load its related records.
        return ImportReport(resource=resource, dry_run=dry_run, rows=_row_outcomes(handler, table, result))


def _row_outcomes(handler, table: Table, result) -> list[RowOutcome]:
    return [
        RowOutcome(
            row=number,
            outcome=OUTCOME[row_result.import_type],
            record=row_result.object_repr or "",
            pk=row_result.object_id,
            diff=_diff(handler, row_result),
            values=_values(handler, row_result),
        )
        for number, row_result in zip(table.row_numbers, result.rows, strict=True)
    ]


def _bulk_attempt(resource: str, table: Table, context: dict, *, explicit: bool, dry_run, by, initial_status):
    """The bulk path's new records, or None when the file is the row path's work (it updates stored records)."""
    resource_class = RESOURCES[resource]
    if not bulk_supported(resource_class):
        raise ImportRejected([ImportIssue(message=MSG_NOT_BULK.format(resource=resource))])
    try:
        # The set-based path names itself: a reader of the history can tell which path wrote a row.
        if context.get("channel") == CHANNEL_IMPORT:
            context = {**context, "channel": CHANNEL_BULK}
        with transaction.atomic(), pghistory.context(**context):
            return table_import_bulk(
                resource_class=resource_class, table=table, dry_run=dry_run, by=by, initial_status=initial_status
            )
    except ImportRejected as exc:
        raise ImportRejected(_row_path_report(resource, table, exc.issues, by, initial_status)) from None
    except BulkNotApplicable as exc:
        if explicit:  # asked for explicitly: say why not
            raise ImportRejected(exc.issues) from None
        return None


def _row_path_report(resource: str, table: Table, issues: list[ImportIssue], by, initial_status) -> list[ImportIssue]:
    """The bulk path finds the bad rows at set speed; the row path, run on those rows alone, words the report, so a
    file reads the same whichever path took it (tests/kb/services/imports/test_bulk_properties.py)."""
    bad = {issue.row for issue in issues if issue.row is not None}
    if not bad or any(issue.row is None for issue in issues):
        return issues
    keep = [i for i, number in enumerate(table.row_numbers) if number in bad]
    subset = Table(
        headers=table.headers,
        rows=[table.rows[i] for i in keep],
        row_numbers=[table.row_numbers[i] for i in keep],
        hxl_tags=table.hxl_tags,
    )
    try:
        table_import(resource=resource, table=subset, dry_run=True, bulk=False, by=by, initial_status=initial_status)
    except ImportRejected as exc:
        return exc.issues
    return issues


PERIOD_PARTS = ("period_kind", "period_start", "period_end")


def _column_for(handler, attribute: str) -> str:
    if attribute == NON_FIELD_ERRORS:
        return ""
    if attribute in PERIOD_PARTS:
        attribute = "period"  # one column of the file holds the period's kind, start and end
    for resource_field in handler.get_import_fields():
        if resource_field.attribute == attribute:
            return resource_field.column_name
    return attribute


def _issues(handler, table, result) -> list[ImportIssue]:
    position = table.positions()
    issues = [ImportIssue(message=str(error.error)) for error in result.base_errors]
    for invalid in result.invalid_rows:
        number = table.row_numbers[invalid.number - 1]  # import-export numbers data rows from 1
        row = table.rows[invalid.number - 1]
        for attribute, messages in invalid.error_dict.items():
            name = _column_for(handler, attribute)
            value = row[position[name]] if name in position else ""
            issues += [ImportIssue(row=number, column=name, value=value, message=str(m)) for m in messages]
    for row_number, errors in result.row_errors():
        for error in errors:
            exc = error.error
            name = getattr(exc, "column", "")
            issues.append(
                ImportIssue(
                    row=table.row_numbers[row_number - 1],
                    column=name,
                    value=getattr(exc, "value", ""),
                    message=str(exc),
                )
            )
    return sorted(issues, key=lambda i: (i.row or 0, i.column))


def _diff(handler, row_result) -> dict[str, tuple[str, str]]:
    if row_result.import_type != RowResult.IMPORT_TYPE_UPDATE or row_result.original is None:
        return {}
    changes = {}
    for resource_field in handler.get_import_fields():
        old, new = resource_field.export(row_result.original), resource_field.export(row_result.instance)
        if str(old) != str(new):
            changes[resource_field.column_name] = (str(old), str(new))
    return changes


def _values(handler, row_result) -> dict[str, str]:
    """A new row's values as they will be stored (areas in m², names resolved), so a preview shows them too."""
    if row_result.import_type != RowResult.IMPORT_TYPE_NEW or row_result.instance is None:
        return {}
    values = {}
    for resource_field in handler.get_import_fields():
        value = resource_field.export(row_result.instance)
        if value not in (None, ""):
            values[resource_field.column_name] = str(value)
    return values


__all__ = ["CellError", "ImportIssue", "ImportRejected", "ImportReport", "RowOutcome", "rows_import"]

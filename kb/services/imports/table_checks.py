"""The checks of a whole table before its rows are mapped: columns missing or unknown, required cells left empty,
rows repeating an earlier row's key; and the report's rule of one problem per cell."""

from dataclasses import replace

from kb.services.export_columns import EXPORT_ONLY_NAMES
from kb.services.imports.errors import MESSAGE_COLUMN, ImportIssue
from kb.services.imports.reader import Table
from kb.services.imports.tables import (
    table_with_areas_in_m2,
    table_with_rows_combined,
    table_without_columns,
)

MSG_MISSING_COLUMN = "Required column {column!r} is missing."
MSG_UNKNOWN_COLUMN = "Unknown column {column!r}; expected: {expected}."
MSG_REQUIRED_VALUE = "A value is required."
MSG_DUPLICATE_ROW = "Duplicate of row {first}: same {key}."


def table_prepared(resource_class, table: Table) -> tuple[Table, list[ImportIssue]]:
    """The table as the resource reads it (areas in m², complementary rows combined, unknown columns left out),
    with every problem of the file, its columns and its required or repeated cells."""
    issues = list(table.issues)
    table = _without_attribution(table)
    table, found = table_with_areas_in_m2(table, resource_class.column_names())
    issues += found
    table, found = _checked_columns(resource_class, table)
    issues += found
    table, found = table_with_rows_combined(table, resource_class.key_columns())
    issues += found
    table, found = _checked_rows(resource_class, table)
    return table, issues + found


def issues_one_per_cell(resource_class, table: Table, issues: list[ImportIssue]) -> list[ImportIssue]:
    """Each cell's first problem only (an unreadable or overlong cell is not also reported by its widget), and
    nothing about the cells of a required column the file lacks: its header problem says it."""
    absent = {name for name in resource_class.required if name not in table.headers}
    seen, kept = set(), []
    for issue in issues:
        where = (issue.row, issue.column)
        if issue.row is not None and issue.row > 1 and issue.column in absent:
            continue
        if issue.column and where in seen:
            continue
        seen.add(where)
        kept.append(issue)
    return sorted(kept, key=lambda i: (i.row or 0, i.column))


def _without_attribution(table: Table) -> Table:
    """API downloads add the record's id and version, the source's title and URL and HXL helpers
    (kb/services/export_columns.py), and an error report adds its `message`; they are not data to import, so
    imports drop them (a corrected error report goes back as it is)."""
    return table_without_columns(table, (*EXPORT_ONLY_NAMES, MESSAGE_COLUMN))


def _checked_columns(resource_class, table: Table) -> tuple[Table, list[ImportIssue]]:
    """Missing and unknown columns; the table without the unknown ones, so the known ones can still be read."""
    headers = table.headers
    expected = resource_class.column_names()
    issues = [
        ImportIssue(row=1, column=name, message=MSG_MISSING_COLUMN.format(column=name))
        for name in resource_class.required
        if name not in headers
    ]
    issues += [
        ImportIssue(row=1, column=name, message=MSG_UNKNOWN_COLUMN.format(column=name, expected=", ".join(expected)))
        for name in headers
        if name not in expected
    ]
    return table_without_columns(table, [name for name in headers if name not in expected]), issues


def _checked_rows(resource_class, table: Table) -> tuple[Table, list[ImportIssue]]:
    """Empty required cells and rows repeating an earlier row's natural key; the table without the repeats (said
    once, here, not again by the mapping)."""
    issues = []
    position = table.positions()
    key_columns = [name for name in resource_class.key_columns() if name in position]
    seen: dict[tuple, int] = {}
    repeats = set()
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        for name in resource_class.required:
            if name in position and not row[position[name]].strip():
                issues.append(ImportIssue(row=number, column=name, message=MSG_REQUIRED_VALUE))
        key = tuple(row[position[name]].strip() for name in key_columns)
        if key in seen:
            repeats.add(number)
            issues.append(
                ImportIssue(
                    row=number,
                    column=", ".join(key_columns),
                    value=" / ".join(key),
                    message=MSG_DUPLICATE_ROW.format(first=seen[key], key=", ".join(key_columns)),
                )
            )
        else:
            seen[key] = number
    if not repeats:
        return table, issues
    kept = [(n, row) for n, row in zip(table.row_numbers, table.rows, strict=True) if n not in repeats]
    return replace(table, row_numbers=[n for n, _ in kept], rows=[row for _, row in kept]), issues

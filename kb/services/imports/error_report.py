"""The rejected rows of a file, sent back to its provider in their own format with a `message` column.

The provider fixes the rows in the file they know (same columns, same separator, CSV or XLSX as uploaded) and
sends them again; problems of the file as a whole head the report on a row of their own."""

import csv
import io
from pathlib import PurePath

import tablib

from kb.services.exports import neutralise_formula
from kb.services.imports.errors import MESSAGE_COLUMN, ImportIssue, ImportRejected
from kb.services.imports.reader import Table, read_table

MESSAGE_HXL = "#meta+message"


def error_report_build(*, content: bytes, filename: str, issues: list[ImportIssue]) -> tuple[bytes, str]:
    """(the report's bytes, its file name) for `issues` found in the file `content` named `filename`."""
    try:
        table = read_table(content, filename)
    except ImportRejected:  # not even readable as rows: the report holds the messages alone
        table = Table(headers=[], rows=[], row_numbers=[], hxl_tags=None)
    by_row: dict[int | None, list[str]] = {}
    data_rows = set(table.row_numbers)
    for issue in issues:
        row = issue.row if issue.row in data_rows else None
        by_row.setdefault(row, []).append(_message(issue, with_row=row is None and issue.row is not None))
    width = len(table.headers)
    lines = [[*[""] * width, "; ".join(by_row[None])]] if None in by_row else []
    lines += [
        [*cells, "; ".join(by_row[number])]
        for number, cells in zip(table.row_numbers, table.rows, strict=True)
        if number in by_row
    ]
    lines = [[neutralise_formula(cell) for cell in line] for line in lines]
    header = [*table.headers, MESSAGE_COLUMN]
    if table.hxl_tags:
        lines.insert(0, [*(table.hxl_tags + [""] * width)[:width], MESSAGE_HXL])
    if PurePath(filename).suffix.lower() == ".xlsx":
        return tablib.Dataset(*lines, headers=header).export("xlsx"), error_report_name(filename)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=table.delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(lines)
    # With a byte-order mark, Excel opens the UTF-8 report with its accents intact.
    return buffer.getvalue().encode("utf-8-sig"), error_report_name(filename)


def error_report_name(filename: str) -> str:
    """The report's file name: the upload's, with -errors (an Excel upload gets an Excel report, any other a CSV)."""
    path = PurePath(filename)
    return f"{path.stem}-errors.xlsx" if path.suffix.lower() == ".xlsx" else f"{path.stem}-errors.csv"


def _message(issue: ImportIssue, *, with_row: bool) -> str:
    """The problem and its column; its row too when it heads the report (the header, a row not kept)."""
    where = [f"row {issue.row}"] if with_row else []
    where += [issue.column] if issue.column else []
    return f"{', '.join(where)}: {issue.message}" if where else issue.message

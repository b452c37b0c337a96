"""Turn an uploaded CSV or XLSX file into header + rows, detecting an optional HXL hashtag row.

Everything that is wrong with the file as a whole (encoding, delimiter, empty file, unreadable workbook) is found
here. What can be read around (a Windows-1252 file, another separator, an overlong or extra cell) is read anyway and
listed in `Table.issues`, so one pass reports it together with the columns' and cells' problems; what cannot (an
unreadable workbook, a binary file, an ambiguous header) rejects the file at once.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from kb.models.fields import MAX_TEXT_CHARS, unix_newlines
from kb.services.imports.errors import ImportIssue, ImportRejected

MAX_FILE_BYTES = 50 * 1024 * 1024
# A file that is not UTF-8 is, in practice, one saved by Excel on Windows; read it so its other problems show.
FALLBACK_ENCODING = "cp1252"
DELIMITERS = (";", "\t", "|")
# Let the csv module read any cell the file size allows, so an overlong cell is reported with its row and column.
csv.field_size_limit(MAX_FILE_BYTES)
MAX_CELL_CHARS = MAX_TEXT_CHARS

MSG_EMPTY = "The file is empty: it needs at least a header row."
MSG_ENCODING = "The file is not UTF-8 text (invalid byte at position {position}); save it as 'CSV UTF-8'."
MSG_DELIMITER = "Columns look separated by {found!r}; use commas (or upload the spreadsheet as .xlsx)."
MSG_FORMAT = "Unsupported file type {name!r}: upload .csv or .xlsx."
MSG_TOO_MANY_CELLS = "The row has {found} cells but the header names {width} columns."
MSG_UNNAMED_COLUMN = "Column {position} has values but no name in the header."
MSG_XLSX = "The workbook could not be read: {error}."
MSG_TOO_BIG = "The file is larger than {limit} MB."
MSG_CELL_TOO_LONG = "The cell is longer than {limit} characters."
MSG_FORMULA_NO_RESULT = (
    "The cell holds the formula {formula!r} but not its result (the program that wrote the file did not calculate "
    "it): open and save the file in a spreadsheet, or write the value."
)
MAX_FORMULA_ISSUES = 100
MSG_BAD_CSV = "The CSV could not be parsed: {error}."
MSG_DUPLICATE_HEADER = "Column {column!r} appears more than once in the header."
# An XLSX is a zip: checked by its members' declared sizes before openpyxl reads any of it (openpyxl loads the
# shared strings whole, so a small file that unpacks to gigabytes would take the worker's memory first).
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XLSX_SHARED_STRINGS_BYTES = 10 * 1024 * 1024
MSG_XLSX_TOO_BIG = "The workbook unpacks to more than {limit} MB; save it as CSV or split it."
MSG_XLSX_STRINGS = "The workbook's text (shared strings) unpacks to more than {limit} MB; save it as CSV or split it."


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    # File row number (1-based, the header being row 1) of each row, as a spreadsheet shows it.
    row_numbers: list[int]
    hxl_tags: list[str] | None
    # Problems the file was read around; the import reports them with every other one and writes nothing.
    issues: list[ImportIssue] = field(default_factory=list)
    delimiter: str = ","  # the separator the CSV was read with (a report of rejected rows is written with it)

    def positions(self) -> dict[str, int]:
        """Each header's column index."""
        return {name: i for i, name in enumerate(self.headers)}


def is_hxl_row(cells: list[str]) -> bool:
    """An HXL hashtag row: every non-empty cell starts with '#', and at least one cell is filled."""
    filled = [c.strip() for c in cells if c and c.strip()]
    return bool(filled) and all(c.startswith("#") for c in filled)


def read_table(content: bytes, filename: str) -> Table:
    if len(content) > MAX_FILE_BYTES:
        raise ImportRejected([ImportIssue(message=MSG_TOO_BIG.format(limit=MAX_FILE_BYTES // 2**20))])
    name = filename.lower()
    delimiter, issues = ",", []
    if name.endswith(".xlsx"):
        grid = _read_xlsx(content)
    elif name.endswith(".csv"):
        grid, delimiter, issues = _read_csv(content)
    else:
        raise ImportRejected([ImportIssue(message=MSG_FORMAT.format(name=filename))])

    # Blank lines carry nothing, but keep their numbers so reports match what a spreadsheet shows.
    numbered = [(number, row) for number, row in enumerate(grid, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ImportRejected([*issues, ImportIssue(row=1, message=MSG_EMPTY)])
    header_number, header = numbered[0]
    body = numbered[1:]
    headers = [h.strip() for h in header]
    # Trailing columns with neither a name nor any value (a stray spreadsheet column) are dropped.
    while (
        headers
        and not headers[-1]
        and all(len(row) < len(headers) or not row[len(headers) - 1].strip() for _, row in body)
    ):
        headers.pop()
    header_issues = [
        ImportIssue(row=header_number, column=h, message=MSG_DUPLICATE_HEADER.format(column=h))
        for i, h in enumerate(headers)
        if h and h in headers[:i]
    ]
    header_issues += [
        ImportIssue(row=header_number, message=MSG_UNNAMED_COLUMN.format(position=i + 1))
        for i, h in enumerate(headers)
        if not h
    ]
    if header_issues:  # no cell can be told apart from another without a clear header
        raise ImportRejected([*issues, *header_issues])
    hxl_tags = None
    if body and is_hxl_row(body[0][1]):
        hxl_tags = [c.strip() for c in body[0][1]]
        body = body[1:]
    width = len(headers)
    rows, row_numbers = [], []
    for number, row in body:
        extra = [cell for cell in row[width:] if cell.strip()]
        if extra:
            issues.append(ImportIssue(row=number, message=MSG_TOO_MANY_CELLS.format(found=len(row), width=width)))
        cells = (row + [""] * width)[:width]
        issues += [
            ImportIssue(row=number, column=headers[c], message=MSG_CELL_TOO_LONG.format(limit=MAX_CELL_CHARS))
            for c, cell in enumerate(cells)
            if len(cell) > MAX_CELL_CHARS
        ]
        rows.append(cells)
        row_numbers.append(number)
    return Table(
        headers=headers, rows=rows, row_numbers=row_numbers, hxl_tags=hxl_tags, issues=issues, delimiter=delimiter
    )


def _read_csv(content: bytes) -> tuple[list[list[str]], str, list[ImportIssue]]:
    """The grid, the separator it was read with, and the problems read around (encoding, separator)."""
    issues = []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        issues.append(ImportIssue(message=MSG_ENCODING.format(position=exc.start)))
        text = content.decode(FALLBACK_ENCODING, errors="replace")
    text = unix_newlines(text)  # a line break inside a cell is stored as the admin and the XLSX download keep it
    if "\x00" in text:  # a binary file: nothing in it can be read as rows
        raise ImportRejected([ImportIssue(message=MSG_ENCODING.format(position=text.index("\x00")))])
    grid = _parse_csv(text, ",")
    delimiter = ","
    first = next((row for row in grid if row), [])  # blank lines before the header are passed over
    if len(first) == 1:
        found = next((d for d in DELIMITERS if d in first[0]), None)
        if found:
            issues.append(ImportIssue(row=1, message=MSG_DELIMITER.format(found=found)))
            grid, delimiter = _parse_csv(text, found), found
    return grid, delimiter, issues


def _parse_csv(text: str, delimiter: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRejected([ImportIssue(message=MSG_BAD_CSV.format(error=exc))]) from exc


def _xlsx_check_sizes(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportRejected([ImportIssue(message=MSG_XLSX.format(error=exc))]) from exc
    if sum(m.file_size for m in members) > MAX_XLSX_UNPACKED_BYTES:
        raise ImportRejected([ImportIssue(message=MSG_XLSX_TOO_BIG.format(limit=MAX_XLSX_UNPACKED_BYTES // 2**20))])
    strings = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    if strings > MAX_XLSX_SHARED_STRINGS_BYTES:
        limit = MAX_XLSX_SHARED_STRINGS_BYTES // 2**20
        raise ImportRejected([ImportIssue(message=MSG_XLSX_STRINGS.format(limit=limit))])


def _read_xlsx(content: bytes) -> list[list[str]]:
    import openpyxl  # imported here: only XLSX uploads need it

    _xlsx_check_sizes(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise ImportRejected([ImportIssue(message=MSG_XLSX.format(error=exc))]) from exc
    try:  # read-only mode parses the sheet only now: a damaged cell or a workbook of chart sheets fails here
        sheet = workbook.worksheets[0]
        # Read-only mode trusts the size the sheet declares, which some programs write wrong (rows and columns past
        # it were dropped without a word): measure it from the cells instead.
        sheet.reset_dimensions()
        grid = [[_xlsx_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:
        raise ImportRejected([ImportIssue(message=MSG_XLSX.format(error=exc))]) from exc
    finally:
        workbook.close()
    if issues := _formulas_without_results(content, grid):
        raise ImportRejected(issues)
    return grid


def _formulas_without_results(content: bytes, grid: list[list[str]]) -> list[ImportIssue]:
    """Cells with a formula whose result the file does not hold (a program that writes formulas without calculating
    them, as scripts do): read as values they would be empty, and the row would import without them."""
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml")]
        if not any(re.search(rb"<(?:\w+:)?f[ >]", archive.read(name)) for name in sheets):
            return []
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        header = grid[0] if grid else []
        return [
            ImportIssue(
                row=number,
                column=header[column] if number > 1 and column < len(header) else "",
                message=MSG_FORMULA_NO_RESULT.format(formula=value),
            )
            for number, row in enumerate(sheet.iter_rows(values_only=True), 1)
            for column, value in enumerate(row)
            if isinstance(value, str) and value.startswith("=") and not _grid_cell(grid, number - 1, column)
        ][:MAX_FORMULA_ISSUES]
    finally:
        workbook.close()


def _grid_cell(grid: list[list[str]], row: int, column: int) -> str:
    return grid[row][column] if row < len(grid) and column < len(grid[row]) else ""


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and hasattr(value, "hour"):  # datetime from a date-formatted cell
        return value.date().isoformat() if (value.hour, value.minute, value.second) == (0, 0, 0) else value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

"""The import report: every problem names its row and column, and all of them are raised together."""

from dataclasses import dataclass, field

# The column an error report adds to the refused rows (kb/services/imports/error_report.py); imports drop it.
MESSAGE_COLUMN = "message"


@dataclass(frozen=True)
class ImportIssue:
    message: str
    row: int | None = None  # file row, 1-based, the header being row 1; None for the whole file
    column: str = ""
    value: str = ""
    unit: str = "row"  # what `row` counts: GIS imports number features

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"{self.unit} {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        if self.value:
            where.append(f"value {self.value!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportRejected(Exception):
    """The file was rejected as a whole; nothing was written."""

    issues: list[ImportIssue] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(issue) for issue in self.issues)


class CellError(ValueError):
    """A widget's complaint about one cell; carries the column so the report can name it."""

    def __init__(self, message: str, *, column: str = "", value: str = ""):
        super().__init__(message)
        self.column = column
        self.value = value


class BulkNotApplicable(Exception):
    """The file is valid for the row path but not for the bulk path (updates, citations): use the row path."""

    def __init__(self, issues: list[ImportIssue]):
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues

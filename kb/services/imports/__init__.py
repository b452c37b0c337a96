"""Imports of CSV/XLSX files (optionally HXL-tagged), one module per area, all or nothing per file."""

from kb.services.imports.errors import ImportIssue, ImportRejected
from kb.services.imports.registry import RESOURCES
from kb.services.imports.service import ImportReport, RowOutcome, rows_import

__all__ = ["RESOURCES", "ImportIssue", "ImportRejected", "ImportReport", "RowOutcome", "rows_import"]

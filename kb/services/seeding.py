"""Seeding: load lists of import files into the knowledge base without ever changing or removing what is stored.

A table that is empty takes the whole file. A table that already holds records (staff imported, corrected, added
citations or deleted demo rows since) only gains the file's rows whose natural key it does not hold; stored rows
are never changed, even where the file says otherwise. Every list of files (reference data, the demo set, the public
record) goes through `seed_files_load`, which reports what it did per file.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from kb.choices import ReviewStatusChoices
from kb.services.imports import RESOURCES, ImportRejected, rows_import
from kb.services.imports.reader import Table, read_table
from kb.services.imports.service import table_import

PREFERRED_COLUMN = "preferred"


class SeedRejected(Exception):
    """A seed file the importer refused; nothing of the whole seed was written."""

    def __init__(self, name: str, rejected: ImportRejected):
        super().__init__(f"{name} rejected:\n{rejected}")
        self.name = name
        self.rejected = rejected


@dataclass(frozen=True)
class SeedFile:
    resource: str
    name: str  # shown in the report
    content: bytes


@dataclass(frozen=True)
class SeedOutcome:
    name: str
    resource: str
    loaded: bool  # the table was empty and took the whole file
    added: int  # rows written
    kept: int  # rows of the file whose record is stored already (left as it is)
    differing: int  # of those, how many differ from the file (stored work the seed did not overwrite)

    def describe(self) -> str:
        if self.loaded:
            return f"{self.name:<32} {self.resource:<16} loaded {self.added} rows into an empty table"
        return (
            f"{self.name:<32} {self.resource:<16} added {self.added} missing rows, kept {self.kept} stored "
            f"({self.differing} differ from the file and were left as they are)"
        )


def seed_files_read(*, base: Path, files: Sequence[tuple[str, str]]) -> list[SeedFile]:
    """[(resource, path relative to base)] -> SeedFile list, in the given (dependency) order."""
    return [SeedFile(resource=resource, name=name, content=(base / name).read_bytes()) for resource, name in files]


def _rows(table: Table, keep: Sequence[int]) -> Table:
    """The table with only the rows at `keep`; an explicit preference is dropped, so an added figure never demotes a
    stored one (it is preferred only when its cell has no preferred figure yet)."""
    blank = table.headers.index(PREFERRED_COLUMN) if PREFERRED_COLUMN in table.headers else None
    rows = [[("" if i == blank else cell) for i, cell in enumerate(table.rows[k])] for k in keep]
    return Table(
        headers=table.headers, rows=rows, row_numbers=[table.row_numbers[k] for k in keep], hxl_tags=table.hxl_tags
    )


def _seed_one(seed: SeedFile, *, initial_status: str) -> SeedOutcome:
    filename = seed.name if seed.name.endswith((".csv", ".xlsx")) else f"{seed.name}.csv"
    model = RESOURCES[seed.resource]._meta.model
    if not model._default_manager.exists():
        report = rows_import(
            resource=seed.resource, content=seed.content, filename=filename, initial_status=initial_status
        )
        return SeedOutcome(seed.name, seed.resource, loaded=True, added=report.totals["new"], kept=0, differing=0)
    table = read_table(seed.content, filename)
    # What the import would do, row by row, without writing; then only the new rows are imported.
    preview = table_import(resource=seed.resource, table=table, dry_run=True, initial_status=initial_status)
    outcomes = [row.outcome for row in preview.rows]
    new = [index for index, outcome in enumerate(outcomes) if outcome == "new"]
    if new:
        table_import(resource=seed.resource, table=_rows(table, new), initial_status=initial_status, bulk=None)
    return SeedOutcome(
        seed.name,
        seed.resource,
        loaded=False,
        added=len(new),
        kept=len(outcomes) - len(new),
        differing=outcomes.count("changed"),
    )


@transaction.atomic
def seed_files_load(
    *, files: Sequence[SeedFile], initial_status: str = ReviewStatusChoices.PUBLISHED
) -> list[SeedOutcome]:
    """Load `files` in order, all or nothing (SeedRejected names the file, row and column). Never changes or deletes
    a stored record: see the module docstring."""
    outcomes = []
    for seed in files:
        try:
            outcomes.append(_seed_one(seed, initial_status=initial_status))
        except ImportRejected as exc:
            raise SeedRejected(seed.name, exc) from exc
    return outcomes

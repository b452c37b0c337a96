"""Columns that API downloads add to the import format, declared once for the row-by-row and the SQL path.

The record's `id` and `version` lead, so a copy can apply the change feed (which names records by id); the source's
title and URL, the period's start and end dates, the year, the p-codes per admin level and the headline marker
follow, so HXL tools read dates, places and totals without parsing the import notation. Imports drop them all
(EXPORT_ONLY_NAMES), so a download still re-imports unchanged."""

from collections.abc import Callable
from dataclasses import dataclass, field

from kb.models import AdminArea
from kb.models.casualties import BREAKDOWNS


@dataclass(frozen=True)
class ExportColumn:
    name: str
    hxl: str
    value: Callable  # record -> value (None: empty cell)
    sql: str  # the same value as SQL text (NULL: empty cell), over `{table}` (the record's quoted table)
    applies: Callable  # (model, resource_fields) -> whether the resource has this column
    text: bool = False  # free text: neutralised like every text cell (formula injection)
    # Or the same value read through the query's joins (a relation's column), instead of `sql`: a join costs the
    # export once, a subquery once a row.
    path: str = field(default="", kw_only=True)
    kind: str = field(kw_only=True)  # its Frictionless type, for the data dictionary
    about: str = field(kw_only=True)  # what it holds, for the data dictionary


def _has(*names: str) -> Callable:
    return lambda model, fields: all(name in {f.name for f in model._meta.concrete_fields} for name in names)


def _cited(model, fields) -> bool:
    return "source" in fields


def _ancestor_pcode(record, level: int) -> str | None:
    """The p-code at `level` of the record's admin area: the nearest of itself and its parents at that level."""
    area = record.admin_area
    while area is not None and area.level != level:
        area = area.parent
    return area.pcode if area is not None else None


def _ancestor_sql(level: int) -> str:
    """_ancestor_pcode in SQL. The walk up the admin areas runs only for records that have one (most are
    country-wide): PostgreSQL skips a CASE branch it does not take, and a walk costs as much when it finds nothing."""
    table = AdminArea._meta.db_table
    return (
        "(CASE WHEN {table}.admin_area_id IS NULL THEN NULL ELSE "
        f"(WITH RECURSIVE up AS (SELECT a.parent_id, a.level, a.pcode, 0 AS depth FROM {table} a "
        "WHERE a.id = {table}.admin_area_id "
        f"UNION ALL SELECT a.parent_id, a.level, a.pcode, up.depth + 1 FROM {table} a JOIN up ON a.id = up.parent_id "
        f"WHERE up.depth < 10) SELECT pcode FROM up WHERE level = {int(level)} ORDER BY depth LIMIT 1) END)"
    )


def _headline(record) -> bool:
    return all(getattr(record, name) is None for name in BREAKDOWNS)


LEADING = (
    ExportColumn(
        "id",
        "#meta+id",
        lambda r: r.pk,
        "{table}.id::text",
        _has("id"),
        kind="integer",
        about="The record's id, as the change feed names it.",
    ),
    ExportColumn(
        "version",
        "#meta+version",
        lambda r: r.version,
        "{table}.version::text",
        _has("version"),
        kind="integer",
        about="The record's version: it grows with every change (the ETag's number).",
    ),
)
TRAILING = (
    ExportColumn(
        "source_title",
        "#meta+source+title",
        lambda r: r.source.title,
        "",
        _cited,
        text=True,
        path="source__title",
        kind="string",
        about="The title of the source (for attribution).",
    ),
    ExportColumn(
        "source_url",
        "#meta+source+url",
        lambda r: r.source.url,
        "",
        _cited,
        text=True,
        path="source__url",
        kind="string",
        about="The address of the source (for attribution).",
    ),
    ExportColumn(
        "year",
        "#date+year",
        lambda r: r.year,
        "{table}.year::text",
        _has("year"),
        kind="integer",
        about="The year the period starts in.",
    ),
    ExportColumn(
        "period_start",
        "#date+start",
        lambda r: r.period_start,
        "{table}.period_start::text",
        _has("period_start"),
        kind="date",
        about="The period's first day.",
    ),
    ExportColumn(
        "period_end",
        "#date+end",
        lambda r: r.period_end,
        "{table}.period_end::text",
        _has("year"),
        kind="date",
        about="The period's last day (the day itself for an as-of figure).",
    ),
    ExportColumn(
        "adm1_pcode",
        "#adm1+code",
        lambda r: _ancestor_pcode(r, 1),
        _ancestor_sql(1),
        _has("admin_area"),
        kind="string",
        about="The p-code of the first-level admin area the figure is in.",
    ),
    ExportColumn(
        "adm2_pcode",
        "#adm2+code",
        lambda r: _ancestor_pcode(r, 2),
        _ancestor_sql(2),
        _has("admin_area"),
        kind="string",
        about="The p-code of the second-level admin area the figure is in.",
    ),
    ExportColumn(
        "headline",
        "#meta+headline",
        lambda r: "true" if _headline(r) else "false",
        "(CASE WHEN "
        + " AND ".join(f"{{table}}.{name} IS NULL" for name in BREAKDOWNS)
        + " THEN 'true' ELSE 'false' END)",
        _has(*BREAKDOWNS),
        kind="boolean",
        about="true: not broken down by any dimension (sum these, not the rest).",
    ),
)
EXPORT_ONLY_NAMES = tuple(column.name for column in (*LEADING, *TRAILING))


def export_columns(model, fields) -> tuple[list[ExportColumn], list[ExportColumn]]:
    """The leading and trailing columns a download of `model` (with the resource's `fields`) carries."""
    return (
        [c for c in LEADING if c.applies(model, fields)],
        [c for c in TRAILING if c.applies(model, fields)],
    )

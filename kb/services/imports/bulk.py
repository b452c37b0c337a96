"""The bulk import path for statistics: the same file, checks and stored rows as the row path, at COPY speed.

The row path (service.table_import) saves a record at a time (a savepoint per row, ~100 rows/s); this, in sets:

1. every distinct value of every column is cleaned once, by the resource's own widget and the model field's own
   validators, so a bad cell gets exactly the message the row path gives it;
2. the rows, as cleaned values, are written with COPY into a temporary staging table;
3. the model's CHECK constraints (compiled by Django from the model), the admin-area-in-area rule, duplicate cells
   and matches with stored records are checked in SQL over the staging table;
4. the cell's preferred figure is settled with the row path's rule (an explicit `preferred` wins, the last one in
   the file if several, never over a published figure for drafts; else a cell's first figure), and the rows are
   inserted with one INSERT ... SELECT in file order, in the caller's pghistory context (an event per row).

All or nothing: any problem raises ImportRejected with its row and column, and nothing is written. Only new records
are written here: a file updating stored records, or using `citations`, is left to the row path (BulkNotApplicable).
"""

import datetime as dt

import pgtrigger
from django.apps import apps
from django.db import connection
from import_export import fields as ie_fields

from kb.models.base import PREFERENCE_REASON_FIRST, PREFERENCE_REASON_UNGIVEN, StatisticalRecord
from kb.services.imports.bulk_checks import (
    new_records_check,
    published_preference_check,
    row_rule_issues,
    same_cell_sql,
)
from kb.services.imports.bulk_stage import STAGE, stage_create, staged_columns, staged_lines
from kb.services.imports.errors import BulkNotApplicable, ImportIssue, ImportRejected
from kb.services.imports.statistics import CitationsField, PeriodField, PreferredField, StatisticalResource
from kb.services.review import LOCKED_STATUSES
from kb.services.writes.rules import record_new_values

MSG_NOT_BULK = "The bulk import handles statistics resources only; import {resource} without --bulk."
MSG_PUBLISHED_BY_USER = (
    "A file imported as {status} by a named user goes row by row (without --bulk): that user vouches for the sources "
    "of each row, a reviewer's action."
)
PLAN = "kb_bulk_plan"
INSERT_TRIGGER = "insert_insert"  # pghistory.track()'s insert event trigger
# The reason stored with a figure's preference, as the write service's preference rule (figure_prepare_preference)
# and StatisticalRecord.clean give it.
REASON_SQL = (
    "CASE WHEN NOT initial THEN '' WHEN preference_reason <> '' THEN preference_reason WHEN req THEN %s ELSE %s END"
)
REASON_PARAMS = [PREFERENCE_REASON_UNGIVEN, PREFERENCE_REASON_FIRST]


def bulk_supported(resource_class) -> bool:
    """Statistics resources whose columns are all plain, period, preference or citation columns."""
    if not issubclass(resource_class, StatisticalResource):
        return False
    plain = (ie_fields.Field, PeriodField, PreferredField, CitationsField)
    return all(type(resource_class.fields[name]) in plain for name in resource_class._meta.fields)


def table_import_bulk(
    *,
    resource_class,
    table,
    dry_run: bool = False,
    by=None,
    initial_status: str,
) -> int:
    """Check and insert the rows of `table` (already column- and duplicate-checked by the caller) in sets; returns
    how many records are new. Runs inside the caller's transaction and pghistory context."""
    model: type[StatisticalRecord] = resource_class._meta.model
    if by is not None and initial_status in LOCKED_STATUSES:  # the row path approves (or refuses) their sources
        raise BulkNotApplicable([ImportIssue(message=MSG_PUBLISHED_BY_USER.format(status=initial_status))])
    handler = resource_class(initial_status=initial_status, by=by)
    # 1. Cells, by distinct value; rows with a bad cell are reported and not staged.
    present, absent = staged_columns(resource_class, handler, table)
    lines, issues = staged_lines(table, present, absent)
    targets = [t for _, column in present for t in column.targets] + [t for c in absent for t in c.targets]
    table_name = model._meta.db_table
    cell = [model._meta.get_field(f).column for f in model.cell_fields]
    nullable = {model._meta.get_field(f).column for f in model.cell_fields if model._meta.get_field(f).null}
    with connection.cursor() as cursor:
        stage_create(cursor, table_name, targets, lines)
        del lines
        # 2. Row rules over the staged rows: the model's CHECK constraints and the admin area's country.
        issues += row_rule_issues(cursor, model, table)
        if issues:
            raise ImportRejected(sorted(issues, key=lambda i: (i.row or 0, i.column)))
        # 3. Only new records, each cell once; a draft does not take a published figure's preference.
        key = [*cell, model._meta.get_field("source").column]
        new_records_check(
            cursor, table, table_name=table_name, key=key, nullable=nullable, key_columns=resource_class.key_columns()
        )
        if "pref_req" in targets:
            published_preference_check(
                cursor, table, model, by=by, initial_status=initial_status, cell=cell, nullable=nullable
            )
        cursor.execute(f"SELECT count(*) FROM {STAGE}")
        count = cursor.fetchone()[0]
        if dry_run:
            return count
        # 4. Preference settled, then the rows inserted in file order.
        preferred = "pref_req" in targets
        _plan_create(cursor, table_name, cell, nullable, preferred=preferred)
        staged = [t for t in targets if t != "pref_req"]
        _rows_insert(cursor, model, table, staged, cell, by=by, initial_status=initial_status)
        cursor.execute(f"DROP TABLE {STAGE}; DROP TABLE {PLAN}")
    return count


def _plan_create(cursor, table_name: str, cell: list[str], nullable: set[str], *, preferred: bool) -> None:
    """Preference, replayed as the row path applies figure_prepare_preference row after row: `initial` is the
    record's preference when it is inserted; a row asking to be preferred in a cell whose preferred figure came
    earlier in the same file demotes that record first (an update: version 2, a history event), so the rows are
    inserted in segments that end before each such row (`demoting`)."""
    pref_req = "pref_req" if preferred else "NULL::boolean"
    cell_list = ", ".join(cell)
    cursor.execute(f"DROP TABLE IF EXISTS {PLAN}")
    cursor.execute(
        f"""
        CREATE TEMP TABLE {PLAN} ON COMMIT DROP AS
        WITH w AS (
            SELECT s.*, {pref_req} AS req,
                   min(rownum) FILTER (WHERE {pref_req}) OVER c AS first_true,
                   min(rownum) FILTER (WHERE {pref_req} IS NULL) OVER c AS first_none
            FROM {STAGE} s WINDOW c AS (PARTITION BY {cell_list})
        ), existing AS (
            SELECT DISTINCT {cell_list} FROM {table_name} WHERE is_preferred
        ), h AS (
            SELECT w.*, (w.first_none IS NOT NULL AND e.{cell[0]} IS NULL
                         AND (w.first_true IS NULL OR w.first_none < w.first_true)) AS none_holds
            FROM w LEFT JOIN existing e ON {same_cell_sql(cell, nullable, "w", "e")}
        )
        SELECT h.*, (h.req IS TRUE OR (h.none_holds AND h.rownum = h.first_none)) AS initial,
               (h.req IS TRUE AND (h.first_true < h.rownum OR (h.none_holds AND h.first_none < h.rownum)))
                   AS demoting
        FROM h
        """
    )
    if preferred:  # stored figures of cells where the file names the preferred one (as figure_demote: they changed)
        cursor.execute(
            f"UPDATE {table_name} t SET is_preferred = false, preference_reason = '', updated_at = %s "
            f"FROM (SELECT DISTINCT {cell_list} FROM {STAGE} WHERE pref_req) s "
            f"WHERE t.is_preferred AND {same_cell_sql(cell, nullable, 's', 't')}",
            [dt.datetime.now(dt.UTC)],
        )


def _insert_sql(model, staged: list[str], values: dict) -> str:
    """INSERT ... SELECT from the plan (a `{where}` left to fill) and the history events of the inserted rows."""
    return history_insert_sql(
        model,
        f"INSERT INTO {model._meta.db_table} ({', '.join([*staged, 'is_preferred', *values])}) "
        f"SELECT {', '.join(REASON_SQL if c == 'preference_reason' else c for c in staged)}, initial, "
        f"{', '.join(['%s'] * len(values))} FROM {PLAN} {{where}} ORDER BY rownum",
    )


def history_insert_sql(model, insert: str) -> str:
    """`insert` (an INSERT ... SELECT into the model's table) and one INSERT of its rows' history events, to run
    with pghistory's per-row insert trigger ignored (pgtrigger.ignore of INSERT_TRIGGER): the same event rows
    (columns, label, time and context); row by row, the trigger's context upsert makes a large insert quadratic."""
    return f"WITH inserted AS ({insert} RETURNING {', '.join(history_columns(model))}) {insert_events_sql(model)}"


def history_columns(model) -> list[str]:
    """The columns of `model` its history events copy."""
    event_model = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
    return [f.column for f in event_model._meta.concrete_fields if not f.name.startswith("pgh_") and not f.generated]


def insert_events_sql(model) -> str:
    """INSERT of the insert events of the rows a CTE `inserted` returned (RETURNING history_columns(model)): what
    pghistory's insert trigger writes, for a statement run under pgtrigger.ignore(insert_trigger(model))."""
    event_model = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
    tracked = ", ".join(history_columns(model))
    return (
        f"INSERT INTO {event_model._meta.db_table} ({tracked}, pgh_context_id, pgh_created_at, pgh_label, pgh_obj_id) "
        f"SELECT {tracked}, (SELECT _pgh_attach_context()), NOW(), 'insert', id FROM inserted ORDER BY id"
    )


def insert_trigger(model) -> str:
    return f"{model._meta.label}:{INSERT_TRIGGER}"


def _rows_insert(cursor, model, table, staged: list[str], cell: list[str], *, by, initial_status: str) -> None:
    """The planned rows, in file order; before each demoting row, the cell's earlier preferred figure loses it."""
    values = _new_record_values(model, by=by, initial_status=initial_status)
    skip = {"id", "year", "is_preferred", *staged, *values}
    rest = [f.column for f in model._meta.concrete_fields if f.column not in skip and not f.generated]
    if rest:
        raise RuntimeError(f"bulk import: no value for {rest}")  # a new model field: decide its value here
    insert = _insert_sql(model, staged, values)
    trigger = insert_trigger(model)
    cursor.execute(f"SELECT rownum, {', '.join(cell)} FROM {PLAN} WHERE demoting ORDER BY rownum")
    demoting = cursor.fetchall()
    if not demoting:
        with pgtrigger.ignore(trigger):
            cursor.execute(insert.format(where=""), [*REASON_PARAMS, *values.values()])
        return
    cursor.execute(f"CREATE INDEX ON {PLAN} (rownum)")
    low = -1
    for rownum, *cell_values in [*demoting, (len(table.rows), *[None] * len(cell))]:
        with pgtrigger.ignore(trigger):
            cursor.execute(
                insert.format(where="WHERE rownum >= %s AND rownum < %s"),
                [*REASON_PARAMS, *values.values(), low, rownum],
            )
        if rownum < len(table.rows):
            where = " AND ".join(
                f"{c} IS NULL" if v is None else f"{c} = %s" for c, v in zip(cell, cell_values, strict=True)
            )
            cursor.execute(
                f"UPDATE {model._meta.db_table} SET is_preferred = false, preference_reason = '' "
                f"WHERE is_preferred AND {where}",
                [v for v in cell_values if v is not None],
            )
        low = rownum


def _new_record_values(model, *, by, initial_status: str) -> dict:
    """What the row path sets on a new record besides its columns (the write service's record_new_values, defaults)."""
    now = dt.datetime.now(dt.UTC)
    values = {**record_new_values(by=by, initial_status=initial_status), "created_at": now, "updated_at": now}
    for field in model._meta.concrete_fields:
        if field.name in ("status_changed_at", "reviewed_by", "partner_organisation", "retraction_reason", "version"):
            values[field.column] = field.get_db_prep_save(field.get_default(), connection)
    return values

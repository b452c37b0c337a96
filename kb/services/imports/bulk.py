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
import json
from decimal import Decimal

import pgtrigger
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from import_export import fields as ie_fields

from kb.choices import QualifierChoices
from kb.choices import ReviewStatusChoices as Status
from kb.models.base import (
    MSG_ADMIN_AREA_OUTSIDE,
    MSG_QUALIFIER_FIELD,
    MSG_QUALIFIER_VALUE,
    PREFERENCE_REASON_FIRST,
    PREFERENCE_REASON_UNGIVEN,
    StatisticalRecord,
)
from kb.services.figures import MSG_PUBLISHED_PREFERRED
from kb.services.imports.base import constraint_column, future_observation_issues
from kb.services.imports.errors import CellError, ImportIssue, ImportRejected
from kb.services.imports.statistics import CitationsField, PeriodField, PreferredField, StatisticalResource
from kb.services.review import can_review

MSG_EXISTING = (
    "This row matches a stored record (id {pk}); the bulk import only adds new records: import the file without "
    "--bulk to update it."
)
MSG_SAME_CELL = "Row {first} has the same area, period, breakdown and source once values are read."
MSG_CITATIONS = "The bulk import does not take a citations column with values; import the file without --bulk."
MSG_NOT_BULK = "The bulk import handles statistics resources only; import {resource} without --bulk."
STAGE = "kb_bulk_stage"
PLAN = "kb_bulk_plan"
INSERT_TRIGGER = "insert_insert"  # pghistory.track()'s insert event trigger


class BulkNotApplicable(Exception):
    """The file is valid for the row path but not for this one (updates, citations): use the row path."""

    def __init__(self, issues: list[ImportIssue]):
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues


def bulk_supported(resource_class) -> bool:
    """Statistics resources whose columns are all plain, period, preference or citation columns."""
    if not issubclass(resource_class, StatisticalResource):
        return False
    plain = (ie_fields.Field, PeriodField, PreferredField, CitationsField)
    return all(type(resource_class.fields[name]) in plain for name in resource_class._meta.fields)


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dict):
        value = json.dumps(value)
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class _Column:
    """One file column: how its distinct values become staged columns (COPY text) or a cell error."""

    def __init__(self, resource, name: str, model):
        self.field = resource.fields[name]
        self.name = self.field.column_name
        self.model = model
        if isinstance(self.field, PeriodField):
            self.targets = ["period_kind", "period_start", "period_end"]
            self.model_fields = []
        elif isinstance(self.field, PreferredField):
            self.targets = ["pref_req"]
            self.model_fields = []
        else:
            model_field = model._meta.get_field(self.field.attribute)
            self.targets = [model_field.column]
            self.model_fields = [] if model_field.is_relation else [model_field]
        self.cache: dict[str, str | CellError | ValidationError] = {}

    def default(self) -> str:
        """A column left out of the file: the model's default for new records."""
        if isinstance(self.field, PreferredField):
            return r"\N"
        return _copy_text(self.model._meta.get_field(self.field.attribute).get_default())

    def encode(self, raw: str):
        """COPY text for the raw cell, or the error the row path reports for it."""
        found = self.cache.get(raw)
        if found is None:
            found = self.cache[raw] = self._encode(raw)
        return found

    def _encode(self, raw: str):
        try:
            value = self.field.widget.clean(raw)
        except CellError as exc:
            return exc
        except ValueError as exc:
            return CellError(str(exc), column=self.name, value=raw)
        if isinstance(self.field, PeriodField):
            return "\t".join(_copy_text(v) for v in (value.kind, value.start, value.end))
        for model_field in self.model_fields:
            try:
                value = model_field.clean(value, None)
            except ValidationError as exc:
                return exc
        if self.field.attribute == "qualifiers":
            error = _qualifiers_error(self.model, value)
            if error:
                return ValidationError(error)
        return _copy_text(value)


def _qualifiers_error(model, qualifiers: dict) -> str:
    """StatisticalRecord.clean's qualifier rule, for one distinct value."""
    error = ""
    for field, qualifier in (qualifiers or {}).items():
        if field not in model.figure_fields:
            error = str(MSG_QUALIFIER_FIELD.format(fields=", ".join(model.figure_fields)))
        elif qualifier not in QualifierChoices.values:
            error = str(MSG_QUALIFIER_VALUE.format(value=qualifier, choices=", ".join(QualifierChoices.values)))
    return error


def _cell_error_issues(number: int, column: _Column, raw: str, error) -> list[ImportIssue]:
    if isinstance(error, CellError):
        return [ImportIssue(row=number, column=error.column or column.name, value=error.value, message=str(error))]
    return [ImportIssue(row=number, column=column.name, value=raw, message=str(m)) for m in error.messages]


def _same(columns: list[str], nullable: set[str], left: str, right: str) -> str:
    """Hash-joinable equality of two cells where a null dimension means "all" (nulls are not distinct)."""
    parts = []
    for c in columns:
        if c in nullable:
            parts.append(f"COALESCE({left}.{c}::text, '') = COALESCE({right}.{c}::text, '')")
        else:
            parts.append(f"{left}.{c} = {right}.{c}")
    return " AND ".join(parts)


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
    handler = resource_class(initial_status=initial_status, by=by)
    position = {name: i for i, name in enumerate(table.headers)}
    present, absent = [], []
    key_names = set(resource_class.key_columns())
    for name in resource_class._meta.fields:
        column = _Column(handler, name, model)
        if isinstance(column.field, CitationsField):
            if column.name in position and any(row[position[column.name]].strip() for row in table.rows):
                raise BulkNotApplicable([ImportIssue(row=1, column=column.name, message=MSG_CITATIONS)])
            continue
        if column.name in position:
            present.append((position[column.name], column))
        elif column.name in key_names:
            present.append((None, column))  # a key column left out is empty on every row
        else:
            absent.append(column)

    # 1. Cells, by distinct value; rows with a bad cell are reported and not staged.
    issues: list[ImportIssue] = []
    lines: list[str] = []
    defaults = [column.default() for column in absent]
    for index, (number, row) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        parts = [str(index)]
        bad = False
        for at, column in present:
            raw = "" if at is None else row[at]
            encoded = column.encode(raw)
            if isinstance(encoded, str):
                parts.append(encoded)
            else:
                issues += _cell_error_issues(number, column, raw, encoded)
                bad = True
        if not bad:
            lines.append("\t".join(parts + defaults))

    targets = [t for _, column in present for t in column.targets] + [t for c in absent for t in c.targets]
    staged = [t for t in targets if t != "pref_req"]
    table_name = model._meta.db_table
    cell = [model._meta.get_field(f).column for f in model.cell_fields]
    nullable = {model._meta.get_field(f).column for f in model.cell_fields if model._meta.get_field(f).null}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cursor.execute(
            f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS SELECT * FROM {table_name} WITH NO DATA; "
            f"ALTER TABLE {STAGE} ADD COLUMN rownum integer, ADD COLUMN pref_req boolean"
        )
        with cursor.cursor.copy(f"COPY {STAGE} (rownum, {', '.join(targets)}) FROM STDIN") as copy:
            for start in range(0, len(lines), 10_000):
                copy.write("".join(line + "\n" for line in lines[start : start + 10_000]))
        del lines

        # 2. Row rules over the staged rows: the model's CHECK constraints and the admin area's country.
        issues += _constraint_issues(cursor, model, table)
        issues += _admin_area_issues(cursor, table, position)
        issues += future_observation_issues(cursor, model, table, position, STAGE)
        if issues:
            raise ImportRejected(sorted(issues, key=lambda i: (i.row or 0, i.column)))

        # 3. Updates and cells that only collide once read (slug vs URL, 2018 vs its range) are the row path's.
        key = [*cell, model._meta.get_field("source").column]
        cursor.execute(
            f"SELECT s.rownum, t.id FROM {STAGE} s JOIN {table_name} t ON {_same(key, nullable, 's', 't')} "
            "ORDER BY s.rownum LIMIT 100"
        )
        matches = cursor.fetchall()
        if matches:
            raise BulkNotApplicable(
                [ImportIssue(row=table.row_numbers[r], message=MSG_EXISTING.format(pk=pk)) for r, pk in matches]
            )
        cursor.execute(
            f"SELECT min(rownum), max(rownum) FROM {STAGE} GROUP BY {', '.join(key)} HAVING count(*) > 1 LIMIT 100"
        )
        repeated = cursor.fetchall()
        if repeated:
            raise BulkNotApplicable(
                [
                    ImportIssue(row=table.row_numbers[b], message=MSG_SAME_CELL.format(first=table.row_numbers[a]))
                    for a, b in repeated
                ]
            )
        if "pref_req" in targets and not (initial_status == Status.PUBLISHED and (by is None or can_review(by, model))):
            # As figure_preference_check row by row: a draft never takes the preference from a published figure.
            join = f"SELECT s.rownum FROM {STAGE} s JOIN {table_name} t ON {_same(cell, nullable, 's', 't')}"
            cursor.execute(
                f"{join} WHERE s.pref_req AND t.is_preferred AND t.status = %s LIMIT 100", [Status.PUBLISHED]
            )
            if taken := [table.row_numbers[r] for (r,) in cursor]:
                raise ImportRejected(
                    [ImportIssue(row=n, column="preferred", message=MSG_PUBLISHED_PREFERRED) for n in taken]
                )
        cursor.execute(f"SELECT count(*) FROM {STAGE}")
        count = cursor.fetchone()[0]
        if dry_run:
            return count

        # 4. Preference, replayed as the row path applies figure_prepare_preference row after row: `initial` is the
        # record's preference when it is inserted; a row asking to be preferred in a cell whose preferred figure
        # came earlier in the same file demotes that record first (an update: version 2, a history event), so the
        # rows are inserted in segments that end before each such row.
        pref_req = "pref_req" if "pref_req" in targets else "NULL::boolean"
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
                FROM w LEFT JOIN existing e ON {_same(cell, nullable, "w", "e")}
            )
            SELECT h.*, (h.req IS TRUE OR (h.none_holds AND h.rownum = h.first_none)) AS initial,
                   (h.req IS TRUE AND (h.first_true < h.rownum OR (h.none_holds AND h.first_none < h.rownum)))
                       AS demoting
            FROM h
            """
        )
        if "pref_req" in targets:  # stored figures of cells where the file names the preferred one
            cursor.execute(
                f"UPDATE {table_name} t SET is_preferred = false, preference_reason = '' "
                f"FROM (SELECT DISTINCT {cell_list} FROM {STAGE} WHERE pref_req) s "
                f"WHERE t.is_preferred AND {_same(cell, nullable, 's', 't')}"
            )
        values = _new_record_values(model, by=by, initial_status=initial_status)
        skip = {"id", "year", "is_preferred", *staged, *values}
        rest = [f.column for f in model._meta.concrete_fields if f.column not in skip and not f.generated]
        if rest:
            raise RuntimeError(f"bulk import: no value for {rest}")  # a new model field: decide its value here
        # The history: pghistory's per-row insert trigger is replaced by one INSERT of the same event rows (same
        # columns, label, time and context); row by row, its context upsert makes a large insert quadratic.
        event_model = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
        tracked = [
            f.column for f in event_model._meta.concrete_fields if not f.name.startswith("pgh_") and not f.generated
        ]
        insert = (
            f"WITH inserted AS (INSERT INTO {table_name} ({', '.join([*staged, 'is_preferred', *values])}) "
            f"SELECT {', '.join(REASON_SQL if c == 'preference_reason' else c for c in staged)}, initial, "
            f"{', '.join(['%s'] * len(values))} FROM {PLAN} {{where}} "
            f"ORDER BY rownum RETURNING {', '.join(tracked)}) "
            f"INSERT INTO {event_model._meta.db_table} ({', '.join(tracked)}, pgh_context_id, pgh_created_at, "
            f"pgh_label, pgh_obj_id) SELECT {', '.join(tracked)}, (SELECT _pgh_attach_context()), NOW(), 'insert', id "
            "FROM inserted ORDER BY id"
        )
        insert_trigger = f"{model._meta.label}:{INSERT_TRIGGER}"
        cursor.execute(f"SELECT rownum, {cell_list} FROM {PLAN} WHERE demoting ORDER BY rownum")
        demoting = cursor.fetchall()
        if not demoting:
            with pgtrigger.ignore(insert_trigger):
                cursor.execute(insert.format(where=""), [*REASON_PARAMS, *values.values()])
        else:
            cursor.execute(f"CREATE INDEX ON {PLAN} (rownum)")
            low = -1
            for rownum, *cell_values in [*demoting, (len(table.rows), *[None] * len(cell))]:
                with pgtrigger.ignore(insert_trigger):
                    cursor.execute(
                        insert.format(where="WHERE rownum >= %s AND rownum < %s"),
                        [*REASON_PARAMS, *values.values(), low, rownum],
                    )
                if rownum < len(table.rows):
                    where = " AND ".join(
                        f"{c} IS NULL" if v is None else f"{c} = %s" for c, v in zip(cell, cell_values, strict=True)
                    )
                    cursor.execute(
                        f"UPDATE {table_name} SET is_preferred = false, preference_reason = '' "
                        f"WHERE is_preferred AND {where}",
                        [v for v in cell_values if v is not None],
                    )
                low = rownum
        cursor.execute(f"DROP TABLE {STAGE}; DROP TABLE {PLAN}")
    return count


# The reason stored with a figure's preference, as figure_prepare_preference and StatisticalRecord.clean give it.
REASON_SQL = (
    "CASE WHEN NOT initial THEN '' WHEN preference_reason <> '' THEN preference_reason WHEN req THEN %s ELSE %s END"
)
REASON_PARAMS = [PREFERENCE_REASON_UNGIVEN, PREFERENCE_REASON_FIRST]


def _new_record_values(model, *, by, initial_status: str) -> dict:
    """What the row path sets on a new record besides its columns (KbResource.before_save_instance, defaults)."""
    now = dt.datetime.now(dt.UTC)
    values = {"status": initial_status, "submitted_by_id": getattr(by, "pk", None), "created_at": now}
    values["updated_at"] = now
    for field in model._meta.concrete_fields:
        if field.name in ("status_changed_at", "reviewed_by", "partner_organisation", "retraction_reason", "version"):
            values[field.column] = field.get_db_prep_save(field.get_default(), connection)
    return values


def _constraint_issues(cursor, model, table) -> list[ImportIssue]:
    """Rows that break a CHECK constraint of the model (its own SQL, as Django writes it in migrations)."""
    issues = []
    with connection.schema_editor(collect_sql=True) as editor:
        checks = [
            (c, c._get_check_sql(model, editor))
            for c in model._meta.constraints
            if isinstance(c, models.CheckConstraint)
        ]
    for constraint, sql in checks:
        cursor.execute(f"SELECT rownum FROM {STAGE} WHERE ({sql}) IS FALSE ORDER BY rownum LIMIT 1000")
        column = constraint_column(model, constraint.name)
        message = str(constraint.get_violation_error_message())
        position = {name: i for i, name in enumerate(table.headers)}
        for (rownum,) in cursor.fetchall():
            value = table.rows[rownum][position[column]] if column in position else ""
            issues.append(ImportIssue(row=table.row_numbers[rownum], column=column, value=value, message=message))
    return issues


def _admin_area_issues(cursor, table, position) -> list[ImportIssue]:
    cursor.execute(
        f"SELECT s.rownum, a.pcode, ar.code FROM {STAGE} s JOIN kb_adminarea a ON a.id = s.admin_area_id "
        "JOIN kb_area ar ON ar.id = s.area_id WHERE a.area_id <> s.area_id ORDER BY s.rownum LIMIT 1000"
    )
    return [
        ImportIssue(
            row=table.row_numbers[rownum],
            column="pcode",
            value=table.rows[rownum][position["pcode"]],
            message=str(MSG_ADMIN_AREA_OUTSIDE.format(pcode=pcode, area=code)),
        )
        for rownum, pcode, code in cursor.fetchall()
    ]

"""The bulk path's checks over the staged rows, in SQL: the model's CHECK constraints, the admin area's country,
future observations, stored records the file would update, cells that repeat once read, and the published
preferred figure a draft may not take (kb/services/imports/bulk.py)."""

from django.db import connection, models

from kb.choices import ReviewStatusChoices as Status
from kb.models.base import MSG_ADMIN_AREA_OUTSIDE
from kb.services.figures import MSG_LOCKED_PREFERRED, MSG_PUBLISHED_PREFERRED
from kb.services.imports.base import MSG_SAME_RECORD, future_observation_issues
from kb.services.imports.bulk_stage import STAGE
from kb.services.imports.errors import BulkNotApplicable, ImportIssue, ImportRejected
from kb.services.review import can_review
from kb.services.writes.rules import constraint_column

MSG_EXISTING = (
    "This row matches a stored record (id {pk}); the bulk import only adds new records: import the file without "
    "--bulk to update it."
)


def same_cell_sql(columns: list[str], nullable: set[str], left: str, right: str) -> str:
    """Hash-joinable equality of two cells where a null dimension means "all" (nulls are not distinct)."""
    parts = []
    for c in columns:
        if c in nullable:
            parts.append(f"COALESCE({left}.{c}::text, '') = COALESCE({right}.{c}::text, '')")
        else:
            parts.append(f"{left}.{c} = {right}.{c}")
    return " AND ".join(parts)


def row_rule_issues(cursor, model, table) -> list[ImportIssue]:
    """Staged rows that break the model's CHECK constraints, the admin-area-in-area rule or observe the future."""
    position = table.positions()
    issues = _constraint_issues(cursor, model, table, position)
    issues += _admin_area_issues(cursor, table, position)
    issues += future_observation_issues(cursor, model, table, position, STAGE)
    return issues


def _constraint_issues(cursor, model, table, position) -> list[ImportIssue]:
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


def new_records_check(
    cursor, table, *, table_name: str, key: list[str], nullable: set[str], key_columns: list[str]
) -> None:
    """Updates are the row path's; two rows of one record (slug vs URL, 2018 vs its range) are refused as the row
    path refuses them, naming the file's key columns (`key_columns`) and the later row's values."""
    cursor.execute(
        f"SELECT s.rownum, t.id FROM {STAGE} s JOIN {table_name} t ON {same_cell_sql(key, nullable, 's', 't')} "
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
        position = table.positions()
        named = ", ".join(key_columns)

        def values(rownum: int) -> str:  # as the row path writes them (rows are padded to the header's width)
            row = table.rows[rownum]
            return " / ".join(row[position[c]] if c in position else "" for c in key_columns)

        raise BulkNotApplicable(
            [
                ImportIssue(
                    row=table.row_numbers[b],
                    column=named,
                    value=values(b),
                    message=MSG_SAME_RECORD.format(first=table.row_numbers[a], key=named),
                )
                for a, b in repeated
            ]
        )


def published_preference_check(cursor, table, model, *, by, initial_status: str, cell: list, nullable: set) -> None:
    """As figure_preference_check row by row: a draft never takes the preference from a published figure, and only
    a reviewer takes it from one in review or retracted."""
    reviewer = by is None or can_review(by, model)
    if initial_status == Status.PUBLISHED and reviewer:
        return
    locked = [Status.PUBLISHED] if reviewer else [Status.PUBLISHED, Status.IN_REVIEW, Status.RETRACTED]
    join = f"SELECT s.rownum, t.status FROM {STAGE} s JOIN {model._meta.db_table} t ON "
    join += same_cell_sql(cell, nullable, "s", "t")
    cursor.execute(f"{join} WHERE s.pref_req AND t.is_preferred AND t.status = ANY(%s) LIMIT 100", [locked])
    if taken := [(table.row_numbers[r], status) for r, status in cursor]:
        messages = {Status.PUBLISHED: MSG_PUBLISHED_PREFERRED}
        raise ImportRejected(
            [
                ImportIssue(row=n, column="preferred", message=messages.get(status, MSG_LOCKED_PREFERRED))
                for n, status in sorted(taken)
            ]
        )

"""A list's citations aggregated once per record and joined, for the renderings PostgreSQL writes for a whole table
(the COPY export, JSON lines). A correlated subquery runs once a row, and each run costs a few microseconds whether
the record has citations or not: about 6 s of a million-row JSON lines download (docs/performance.md). Pages keep
the subquery: for 100 rows it is cheaper than aggregating every citation of the kind."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

# The joined subquery's name; its `value` column is the record's aggregate (NULL for a record without citations).
ALIAS = "kb_record_citations"
VALUE = f"{ALIAS}.value"


def citations_subquery(model, aggregate: str) -> str:
    """SQL of a correlated subquery: `aggregate` (over kb_citation `c` and kb_source `s`) of one row's citations."""
    table = connection.ops.quote_name(model._meta.db_table)
    return (
        f"(SELECT {aggregate} FROM kb_citation c JOIN kb_source s ON s.id = c.source_id "
        f"WHERE c.content_type_id = {_content_type(model)} AND c.object_id = {table}.id)"
    )


def citations_join(model, aggregate: str) -> str:
    """A LEFT JOIN giving each row of `model` its `aggregate` as VALUE."""
    table = connection.ops.quote_name(model._meta.db_table)
    return (
        f"LEFT OUTER JOIN (SELECT c.object_id, {aggregate} AS value FROM kb_citation c "
        f"JOIN kb_source s ON s.id = c.source_id WHERE c.content_type_id = {_content_type(model)} "
        f"GROUP BY c.object_id) {ALIAS} ON {ALIAS}.object_id = {table}.id"
    )


def sql_with_join(queryset, join: str) -> tuple[str, tuple] | None:
    """The SQL of `queryset` with `join` added to its FROM clause (Django has no public way to join a subquery);
    None where that clause is not found exactly once in the statement, and the caller uses the subquery."""
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    found, _ = compiler.get_from_clause()
    clause = " ".join(["FROM", *found])
    if sql.count(clause) != 1:
        return None
    return sql.replace(clause, f"{clause} {join}"), params


def _content_type(model) -> int:
    return int(ContentType.objects.get_for_model(model).pk)

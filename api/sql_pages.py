"""A JSON page in one statement whose item SQL is compiled once: the request compiles only the query that picks its
rows (filters, order, slice), and the statement around it builds the picked records' items (api/json_lines.py
item_text) in that order.

The items are joined to the picked ids, not read by a subquery per id: a correlated subquery plans its joins for one
row and runs them a hundred times (the sources' table hashed again for every row): one page of 100 took 4.0 ms that
way and 3.3 ms joined.

Compiling the item expression into each request's query cost about 0.55 ms a page, more than the rest of the query's
compilation (a list's item is some thirty fields, nested objects and the citations' subquery). Built per record by its
id, an item's SQL no longer depends on the request's joins, so it is compiled once per serializer, field selection and
language (api/views/mixins/json_lines.py keeps it)."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.query import BaseIterable

PAGE = '"kb_page"'  # the picked rows in the statement: their ids and their positions
ITEMS = '"kb_items"'  # their items
PAGED = '"kb_paged"'  # the two joined


def item_statement(text, model, alias: str) -> tuple[str, tuple]:
    """The SELECT of `_id` and the item `text` (item_text) builds of the records of `model` the enclosing statement's
    `kb_page` holds, with its parameters, as database `alias` runs it (a field may compile otherwise on another
    server: api/serializers/hazards.py). The ids are tested inside, so only theirs are built whatever PostgreSQL
    makes of the join around it."""
    picked = model._base_manager.filter(pk__in=RawSQL(f"SELECT id FROM {PAGE}", ())).order_by()
    return picked.annotate(_id=F("pk"), _line=text).values_list("_id", "_line").query.get_compiler(alias).as_sql()


class PageItems(BaseIterable):
    """The rows of a `values("id")` queryset as `{"id", "_line"}`: the queryset's own query picks the ids, the item
    statement (item_statement of `text` and `model`) builds their items, in one statement. Paginators slice, filter
    and order the queryset as they would any other."""

    text = None
    model = None
    compiled: dict[str, tuple[str, tuple]] = {}  # item statements by database alias

    @classmethod
    def item(cls, alias: str) -> tuple[str, tuple]:
        found = cls.compiled.get(alias)
        if found is None:
            found = cls.compiled[alias] = item_statement(cls.text, cls.model, alias)
        return found

    def __iter__(self):
        queryset = self.queryset
        try:
            ids_sql, ids_params = queryset.query.get_compiler(queryset.db).as_sql()
        except EmptyResultSet:  # a filter no row can match, or an empty slice
            return
        item_sql, item_params = self.item(queryset.db)
        # An array keeps the order the ids were picked in, and WITH ORDINALITY numbers them by it. The statement
        # begins with SELECT, which pghistory's request context leaves as it is (it prefixes any other statement
        # with its set_config).
        sql = (
            f"SELECT id, _line FROM (WITH {PAGE} AS MATERIALIZED "
            f"(SELECT * FROM unnest(ARRAY({ids_sql})) WITH ORDINALITY AS {PAGE}(id, position)) "
            f"SELECT {PAGE}.id, {PAGE}.position, {ITEMS}._line "
            f"FROM {PAGE} JOIN ({item_sql}) {ITEMS} ON {ITEMS}._id = {PAGE}.id) {PAGED} ORDER BY position"
        )
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, (*ids_params, *item_params))
            rows = cursor.fetchall()
        for pk, line in rows:
            yield {"id": pk, "_line": line}


def page_items_class(text, model) -> type[PageItems]:
    """PageItems for `text`'s items of `model`, its item statement compiled at first use on each database."""
    return type("PageItems", (PageItems,), {"text": text, "model": model, "compiled": {}})


def page_rows(queryset, items: type[PageItems]):
    """`queryset`'s ids as a queryset whose rows carry their items (`items`, page_items_class). Not for DISTINCT
    queries: their SELECT holds the order's columns too."""
    rows = queryset.values("id")
    rows._iterable_class = items
    return rows

"""A JSON page in two statements: the request's own query picks the page's ids (filters, order, slice), and one item
statement, the same text for every page of a serializer, field selection and language, builds those records' items
(api/json_lines.py item_text) in that order.

The item statement takes the ids as its one parameter (an array) and is prepared on each connection the first time it
runs there (kb/database/base.py `prepared_cursor`): its plan (some thirty fields, nested objects, the citations'
subquery) is made once per connection, not once a request. Planned with the request's ids as one statement, a varied
casualty page took 3.6-3.7 ms at p50 over 200 pages through psycopg (about 0.9 ms of it planning); as the ids query
and the prepared item statement, 2.5-3.0 ms.

The items are joined to the ids rather than read by a subquery per id: a correlated subquery plans its joins for one
row and runs them a hundred times. The item statement depends on nothing of the request, so it is compiled once per
serializer, field selection and language (api/views/mixins/json_lines.py keeps it)."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.query import BaseIterable

PAGE = '"kb_page"'  # the picked ids and their positions
ITEMS = '"kb_items"'  # their items
PAGED = '"kb_paged"'  # the two joined


def item_statement(text, model, alias: str) -> str:
    """The statement building the items `text` (item_text) gives for the records of `model` whose ids it is given as
    its one parameter, in that order, as database `alias` runs it (a field may compile otherwise on another server:
    api/serializers/hazards.py). The item query's own values are written into the text, which stays the same for
    every page; the ids are tested inside the item query, so only theirs are built whatever PostgreSQL makes of the
    join around it. It begins with SELECT, which pghistory's request context leaves as it is (it prefixes any other
    statement with its set_config)."""
    picked = model._base_manager.filter(pk__in=RawSQL(f"SELECT id FROM {PAGE}", ())).order_by()
    sql, params = (
        picked.annotate(_id=F("pk"), _line=text).values_list("_id", "_line").query.get_compiler(alias).as_sql()
    )
    items = connections[alias].ops.compose_sql(sql, params).replace("%", "%%")
    return (
        f"SELECT id, _line FROM (WITH {PAGE} AS MATERIALIZED "
        f"(SELECT * FROM unnest(%s::bigint[]) WITH ORDINALITY AS {PAGE}(id, position)) "
        f"SELECT {PAGE}.id, {PAGE}.position, {ITEMS}._line "
        f"FROM {PAGE} JOIN ({items}) {ITEMS} ON {ITEMS}._id = {PAGE}.id) {PAGED} ORDER BY position"
    )


class PageItems(BaseIterable):
    """The rows of a `values("id")` queryset as `{"id", "_line"}`: the queryset's own query picks the ids, the item
    statement (item_statement of `text` and `model`) builds their items. Paginators slice, filter and order the
    queryset as they would any other."""

    text = None
    model = None
    prepared_ids = False  # the ids' query prepared too (api/caching.py ConditionalMixin.prepared_lists)
    compiled: dict[str, str] = {}  # item statements by database alias

    @classmethod
    def item(cls, alias: str) -> str:
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
        database = connections[queryset.db]
        with database.prepared_cursor() if self.prepared_ids else database.cursor() as cursor:
            cursor.execute(ids_sql, ids_params)
            ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return
        with database.prepared_cursor() as cursor:
            cursor.execute(self.item(queryset.db), [ids])
            rows = cursor.fetchall()
        for pk, line in rows:
            yield {"id": pk, "_line": line}


def page_items_class(text, model, *, prepared_ids: bool = False) -> type[PageItems]:
    """PageItems for `text`'s items of `model`, its item statement compiled at first use on each database."""
    return type("PageItems", (PageItems,), {"text": text, "model": model, "prepared_ids": prepared_ids, "compiled": {}})


def page_rows(queryset, items: type[PageItems]):
    """`queryset`'s ids as a queryset whose rows carry their items (`items`, page_items_class). Not for DISTINCT
    queries: their SELECT holds the order's columns too."""
    rows = queryset.values("id")
    rows._iterable_class = items
    return rows

"""JSON lines (`?format=jsonl`): a whole list, one API item a line, each line built by PostgreSQL and streamed by COPY,
at the database's speed and with constant memory.

The SQL is compiled from the list's own serializer (after `fields`/`omit`), field by field, so a line is the item the
JSON list serves for the same record (tests/api/test_json_lines.py compares them on every route). A serializer with a
field this module cannot render in SQL answers None, and the caller serializes in Python instead, in chunks."""

import re

from django.db import connection, connections
from django.db.models import BooleanField, Case, F, Func, JSONField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from rest_framework import serializers

from api import fast_json
from api.serializers.base import CitationSerializer, ContentLanguageField, LocalizedField, TranslatedByUsField
from kb.services import citations_sql
from kb.services.exports import period_sql
from kb.translations import CONTENT_LANGUAGES, SOURCE_LANGUAGE, active_language, localized_expression

# Fields whose value PostgreSQL's JSON rendering writes as DRF does (dates as YYYY-MM-DD, decimals as numbers since
# COERCE_DECIMAL_TO_STRING is off, JSON objects as they are). Date-times are not here: the two write them differently.
PLAIN_FIELDS = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DecimalField,
    serializers.DictField,
    serializers.FloatField,
    serializers.IntegerField,
    serializers.JSONField,
    serializers.ModelField,
    serializers.ReadOnlyField,
)
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# COPY's CSV format with a quote and a delimiter no JSON text holds (PostgreSQL escapes every control character in
# JSON strings): each line leaves COPY as PostgreSQL wrote it.
COPY_OPTIONS = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"


class Unsupported(Exception):
    """A field this module cannot render in SQL."""


class JSONObject(Func):
    """json_build_object('key', value, ...) with the keys written into the SQL (they are field names)."""

    output_field = JSONField()

    def __init__(self, pairs: list[tuple[str, object]]):
        self.keys = [key for key, _ in pairs]
        if not all(_KEY.match(key) for key in self.keys) or len(self.keys) > 50:  # PostgreSQL: at most 100 arguments
            raise Unsupported(self.keys)
        super().__init__(*(expression for _, expression in pairs))

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, found = compiler.compile(expression)
            parts.append(f"'{key}', {sql}")
            params.extend(found)
        return f"json_build_object({', '.join(parts)})", params


def _language_expression(path: str):
    """SQL for ContentLanguageField: the active language where its translation is given, else English (or the
    active language where the English text is empty too), as kb.translations.localized says."""
    language = active_language()
    if language not in CONTENT_LANGUAGES:
        return Value(SOURCE_LANGUAGE, output_field=TextField())
    return Case(
        When(Q(**{f"{path}_{language}__gt": ""}), then=Value(language)),
        When(Q(**{f"{path}__gt": ""}), then=Value(SOURCE_LANGUAGE)),
        default=Value(language),
        output_field=TextField(),
    )


def _translated_by_us_expression(path: str):
    """SQL for TranslatedByUsField: the active language's translation is given and not listed among the record's
    translations from sources, as kb.translations.translated_by_us says."""
    language = active_language()
    if language not in CONTENT_LANGUAGES:
        return Value(False)
    record, _, field = path.rpartition("__")
    column = f"{field}_{language}"
    origins = f"{record}__translations_from_sources" if record else "translations_from_sources"
    return Case(
        When(Q(**{f"{path}_{language}__gt": ""}) & ~Q(**{f"{origins}__contains": [column]}), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _citations_aggregate(serializer) -> str:
    """The citations block of one record, in the prefetch's order (api.views.base.CITATIONS), as an aggregate over
    kb_citation `c` and kb_source `s` (kb/services/citations_sql.py)."""
    child = serializer.child
    items = []
    for name, field in child.fields.items():
        if isinstance(field, serializers.ModelSerializer) and field.source == "source":
            brief = ", ".join(f"'{key}', s.{_column(field, key)}" for key in field.fields)
            items.append(f"'{name}', json_build_object({brief})")
        elif isinstance(field, PLAIN_FIELDS):
            items.append(f"'{name}', c.{_column(child, name)}")
        else:
            raise Unsupported(name)
    return f"json_agg(json_build_object({', '.join(items)}) ORDER BY s.title, c.id)"


def _citations(serializer, model, joined: bool):
    """The citations block: read from the joined aggregate (`joined`, whole lists) or a correlated subquery."""
    if joined:  # the aggregate is in the join (_lines_with_joined_citations)
        value = citations_sql.VALUE
    else:
        value = citations_sql.citations_subquery(model, _citations_aggregate(serializer))
    return RawSQL(f"COALESCE({value}, '[]'::json)", (), output_field=JSONField())


def _citations_field(serializer):
    """The serializer's citations list, where it has one."""
    return next((field for field in serializer.fields.values() if _is_citations(field)), None)


def _is_citations(field) -> bool:
    return isinstance(field, serializers.ListSerializer) and isinstance(field.child, CitationSerializer)


def _column(serializer, name: str) -> str:
    field = serializer.fields[name]
    if not _KEY.match(name) or "." in field.source:
        raise Unsupported(name)
    return connection.ops.quote_name(serializer.Meta.model._meta.get_field(field.source).column)


def _value(name: str, field, model, prefix: str, finishing: bool = False, joined: bool = False):
    if hasattr(field, "sql_value"):  # selected in SQL, finished in Python (from_sql): pages only, at the top level
        if prefix or not finishing:
            raise Unsupported(name)
        return field.sql_value(prefix)
    if isinstance(field, ContentLanguageField):
        return _language_expression(prefix + field.content_field)
    if isinstance(field, TranslatedByUsField):
        return _translated_by_us_expression(prefix + field.content_field)
    if isinstance(field, LocalizedField):
        return localized_expression(prefix + field.content_field)
    if field.source == "localized_name":
        return localized_expression(prefix + "name")
    if field.source == "period" and not prefix:
        return RawSQL(period_sql(connection.ops.quote_name(model._meta.db_table)), (), output_field=TextField())
    if _is_citations(field) and not prefix:
        return _citations(field, model, joined)
    if isinstance(field, serializers.ModelSerializer):
        relation = model._meta.get_field(field.source)
        nested = item_expression(field, relation.related_model, f"{prefix}{field.source}__")
        if not relation.null:
            return nested
        absent = When(**{f"{prefix}{field.source}__isnull": True}, then=RawSQL("NULL::json", ()))
        return Case(absent, default=nested, output_field=JSONField())
    if isinstance(field, PLAIN_FIELDS) and "." not in field.source:
        model._meta.get_field(field.source)  # a column of the model, not a property
        return F(prefix + field.source)
    raise Unsupported(name)


def item_expression(serializer, model, prefix: str = "", finishing: bool = False, joined: bool = False):
    """The SQL expression building the JSON object `serializer` renders for a row of `model`; Unsupported if a field
    has no SQL rendering here. `finishing`: fields finished in Python (json_finish) may take part, as for a page, but
    never in JSON lines, which PostgreSQL writes to the client as they are. `joined`: the citations come from the
    query's join (kb/services/citations_sql.py)."""
    pairs = serializer.fields.items()
    try:
        return JSONObject([(name, _value(name, field, model, prefix, finishing, joined)) for name, field in pairs])
    except LookupError as error:  # get_field on a property
        raise Unsupported(str(error)) from None


def item_text(serializer, model):
    """item_expression as JSON text for a page; None where a field has no SQL rendering. Fields with `sql_value` and
    `from_sql` (the geometry, api/serializers/hazards.py) are selected in SQL and finished by json_finish."""
    try:
        return Cast(item_expression(serializer, model, finishing=True), TextField())
    except Unsupported:
        return None


def json_items(text, queryset, ids: list, finish: dict | None = None) -> list[dict]:
    """The items `text` (item_text) builds for the records `ids` of `queryset`'s model and database, in that order,
    in one query: a JSON page without a Python serializer. `finish` (item_finishers) completes the values that were
    selected for Python to finish."""
    rows = queryset.model._base_manager.using(queryset.db).filter(pk__in=ids).order_by()
    found = dict(rows.annotate(_line=text).values_list("pk", "_line"))
    return json_finish([found[pk] for pk in ids], finish)


def json_finish(lines: list[str], finish: dict | None = None) -> list[dict]:
    """The items of a page from their JSON texts (item_text), in that order, completed by `finish` (item_finishers):
    each function takes the page's values of its field and gives them back finished."""
    items = fast_json.loads(f"[{','.join(lines)}]")  # one parse for the page
    for name, function in (finish or {}).items():
        for item, value in zip(items, function([item[name] for item in items]), strict=True):
            item[name] = value
    return items


def item_finishers(serializer) -> dict:
    """The functions (`from_sql`: a page's values in, the finished values out) of the fields item_text selected for
    Python to finish, by name."""
    return {name: field.from_sql for name, field in serializer.fields.items() if hasattr(field, "from_sql")}


def json_lines_copy_sql(serializer, queryset) -> tuple[str, tuple] | None:
    """COPY ... TO STDOUT writing one JSON object a line for the rows of `queryset` (its filters, its order), as
    `serializer` renders them; None where a field has no SQL rendering."""
    try:
        compiled = _lines_with_joined_citations(serializer, queryset)
        if compiled is None:
            line = item_expression(serializer, queryset.model)
            compiled = queryset.annotate(_line=line).values_list("_line").query.sql_with_params()
    except Unsupported:
        return None
    sql, params = compiled
    return f"COPY ({sql}) TO STDOUT WITH ({COPY_OPTIONS})", params


def _lines_with_joined_citations(serializer, queryset) -> tuple[str, tuple] | None:
    """The lines' query reading the citations from a join; None where there are none or the join cannot be added."""
    field = _citations_field(serializer)
    if field is None:
        return None
    line = item_expression(serializer, queryset.model, joined=True)
    join = citations_sql.citations_join(queryset.model, _citations_aggregate(field))
    return citations_sql.sql_with_join(queryset.annotate(_line=line).values_list("_line"), join)


def json_lines_stream(copy: tuple[str, tuple], using: str, chunk_bytes: int = 65536):
    """Yield the output of `copy` (json_lines_copy_sql) in chunks of about `chunk_bytes`."""
    pending, size = [], 0
    with connections[using].cursor() as cursor, cursor.cursor.copy(*copy) as stream:
        for block in stream:
            pending.append(block)
            size += len(block)
            if size >= chunk_bytes:
                yield b"".join(pending)
                pending, size = [], 0
    yield b"".join(pending)

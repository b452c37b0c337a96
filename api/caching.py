"""HTTP caching and safe updates: ETag / Last-Modified with 304, If-Match with 412/428."""

import datetime as dt
import hashlib
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import translation
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from kb.observability.metrics import RESPONSE_CACHE
from kb.routing.reads import read_alias, read_connection
from kb.selectors.settled import NOTHING_SETTLED, settled_for_reading
from kb.services.data_stamp import stamp_expression
from kb.services.history import event_model_for
from kb.services.writes.records import record_stamp
from kb.shared_cache import cache_get_or_none, cache_set_if_reachable


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it; fetch it again (new ETag) and resend your change."
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send the record's ETag in an If-Match header to change it."
    default_code = "precondition_required"


def representation(request) -> str:
    """Which representation of a resource a response is: its language and format. Each has an ETag of its own, so a
    cache that revalidates the one it holds is never told that another is current."""
    renderer = getattr(request, "accepted_renderer", None)
    return f"{translation.get_language()}.{getattr(renderer, 'format', '')}"


def record_etag(record, request) -> str:
    """Strong ETag of one record as `request` gets it: its id and version (or its last change time), then the
    representation (`"42-3.en.json"`)."""
    return quote_etag(f"{record.pk}-{record_stamp(record)}.{representation(request)}")


def version_from_etag(value: str, *, pk=None) -> int | None:
    """The version an ETag from record_etag names, in any representation (or without one: `"42-3"`); None when the
    value is not such an ETag (or, given `pk`, is another record's)."""
    parts = value.strip().removeprefix("W/").strip('"').split(".", 1)[0].rsplit("-", 1)
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() and len(p) < 19 for p in parts):
        return None
    if pk is not None and parts[0] != str(pk):
        return None
    return int(parts[1])


def header_etags(header: str) -> list[str]:
    """The entity tags an If-Match or If-None-Match header lists (RFC 9110: one, several, or `*`)."""
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def if_none_match_matches(header: str, etag: str) -> bool:
    """Does an If-None-Match header name `etag`, compared weakly (W/ aside), or `*`?"""
    tags = header_etags(header)
    bare = etag.removeprefix("W/")
    return "*" in tags or any(t.removeprefix("W/") == bare for t in tags)


def not_modified(request, etag: str, last_modified) -> bool:
    """Does the conditional GET name this ETag (If-None-Match, which wins) or a time not before Last-Modified?"""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return if_none_match_matches(if_none_match, etag)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return bool(since and last_modified and int(last_modified.timestamp()) <= since)


class ConditionalMixin:
    """ETag and Last-Modified on lists and details; 304 on a matching conditional GET."""

    # A list's count and the query picking a page's ids, prepared on each connection (kb/database/base.py): worth it
    # where PostgreSQL's generic plan serves every value (a box the GiST index finds whatever it is: 0.69 -> 0.49 ms
    # for a bbox count, 1.12 -> 0.85 ms for its ids). Not for the statistics: their published-and-preferred partial
    # index needs the status as a constant, so PostgreSQL plans such a statement again on every run all the same.
    prepared_lists = False

    def _conditional(self, request, etag: str, last_modified, respond):
        if not_modified(request, etag, last_modified):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = respond()
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        return response

    def list_etag(self, request, queryset, stamp: str | None, settled: dt.datetime) -> tuple[str, object]:
        """The list's ETag and Last-Modified from count(pk) and max(updated_at) of its rows, in one query.

        Rows are stamped with their transaction's start but seen only once it commits: a transaction begun before
        the newest change and still open may commit rows stamped before it, moving neither number. Until every
        transaction open when `settled` was taken (kb/selectors/settled.py, read before the rows) began after the
        newest change, the ETag names that moment too, so it moves once they end, and Last-Modified is left out."""
        try:
            rows_sql, params = queryset.order_by().values("updated_at").query.sql_with_params()
        except EmptyResultSet:  # a filter no row can match (Django proves it without asking the database)
            n, last = 0, None
        else:
            history = _history_table(queryset.model)
            n, last = _counted(queryset.db, rows_sql, params, stamp, history, prepared=self.prepared_lists)
        request.counted_rows = n  # the page's paginator counts the same rows: it takes this number (api/pagination.py)
        pending = last is not None and settled <= last
        key = f"{request.get_full_path()}|{n}|{last}" + (f"|pending:{settled.isoformat()}" if pending else "")
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return f'W/"{digest}"', None if pending else last


def count_key(alias: str, rows_sql: str, params, stamp: str) -> str:
    """The count cache's key: the statement with its values bound as PostgreSQL receives them. (Not the values'
    repr: a geometry's is its adapter's memory address, which the next request's box may reuse, and two boxes then
    shared one count.)"""
    statement = connections[alias].ops.compose_sql(rows_sql, params)
    return "api-count:" + hashlib.sha256(f"{alias}|{stamp}|{statement}".encode()).hexdigest()


def _history_table(model) -> str | None:
    try:
        return event_model_for(model)._meta.db_table
    except LookupError:  # not tracked
        return None


def _counted(
    alias: str, rows_sql: str, params, stamp: str | None, history_table: str | None, *, prepared: bool = False
) -> tuple[int, object]:
    """count(*) of the rows `rows_sql` selects and the time of the last change among them or, through the table's
    history, of any row that left them (deleted, retracted, edited out of the filter: a list's Last-Modified must move
    for those too, or `If-Modified-Since` keeps them in a client's copy). Under one data stamp the same query gives the
    same answer, so it is kept for the stamp: the pages of one list (other offsets, limits, formats) count once, where
    each counted every filtered row again (about 95 ms a page over a million rows). `prepared`: run as a prepared
    statement (ConditionalMixin.prepared_lists)."""
    key = None
    if stamp is not None:
        key = count_key(alias, rows_sql, params, stamp)
        found = cache_get_or_none(key, use="response_cache")
        if found is not None:
            return found
    # The history table's feed index answers its max at once (kb/services/data_stamp.py; the name is a table's).
    left = f"kb_table_changed_at('{history_table}')" if history_table else "NULL"
    database = connections[alias]  # where the rows themselves are read
    with database.prepared_cursor() if prepared else database.cursor() as cursor:
        cursor.execute(f"SELECT count(*), greatest(max(updated_at), {left}) FROM ({rows_sql}) rows", params)
        found = cursor.fetchone()
    if key is not None:
        cache_set_if_reachable(key, found, RESPONSE_CACHE_SECONDS, use="response_cache")
    return found


class ComputedConditionalMixin:
    """ETag and Last-Modified on computed answers (summaries, treaty status, coverage, profiles, their CSV and HXL),
    304 on a matching conditional GET. The ETag is a hash of the rendered answer, so it is exact whatever the answer
    depends on (parameters, language, audience, today's date). Last-Modified is the newest change to the data, and
    no earlier than today where the answer depends on the date (an `on` left to default to today); it is left out
    while a transaction open since before that change may still commit (list_etag says why)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Before the answer's data is read (ConditionalMixin.list_etag says why); lists and details of stored records
        # are ConditionalMixin's, which reads it only when it reads the rows.
        stored = isinstance(self, ConditionalMixin) and getattr(self, "action", None) in ("list", "retrieve")
        if request.method in ("GET", "HEAD") and not stored:
            self.settled = settled_for_reading()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != status.HTTP_200_OK
            or response.streaming
            or response.has_header("ETag")
        ):
            return response
        response.render()
        if not response.has_header("Content-Type"):  # DRF drops it from an empty body (no JSON lines): keep it
            response["Content-Type"] = response.accepted_media_type
        content = response["Content-Type"].encode() + b"\n" + response.content
        etag = f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'
        last_modified = data_changed_at()
        params = request.query_params
        if last_modified and last_modified >= getattr(self, "settled", NOTHING_SETTLED):
            last_modified = None  # a transaction open since before it may still commit older changes
        elif "on" in self.allowed_query_parameters() and not ({"on", "as_of"} & set(params)):
            today = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
            last_modified = max(last_modified, today) if last_modified else today
        if not_modified(request, etag, last_modified):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
            response = super().finalize_response(request, response, *args, **kwargs)
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        return response


RESPONSE_CACHE_SECONDS = 300


def stamp_query() -> str:
    """The data stamp as a query sent as text (kb/services/data_stamp.py); requests call kb_data_stamp() instead."""
    return f"SELECT {stamp_expression()}"


def _stamp_sql() -> str:
    return "SELECT kb_data_stamp()"  # planned once per connection (tests hold the stamp still here)


def _changed_at_sql() -> str:
    return "SELECT kb_data_changed_at()"


def data_changed_at() -> dt.datetime | None:
    with read_connection().cursor() as cursor:
        cursor.execute(_changed_at_sql())
        return cursor.fetchone()[0]


def data_stamp() -> str:
    """Read from the database that serves the request's data (kb/routing/reads.py): a replica behind the primary
    gives the stamp of the data it has, so what is computed from its rows is stored and answered under that stamp, and
    under a new one only once it has replayed the change."""
    with read_connection().cursor() as cursor:
        cursor.execute(_stamp_sql())
        return cursor.fetchone()[0]


def settled_and_stamp() -> tuple[dt.datetime, str]:
    """settled_for_reading(), then data_stamp(): in that order, so that what commits in between is under the stamp.
    One round trip where the request reads from the primary; a replica's reads take the steps one by one."""
    if read_alias() != DEFAULT_DB_ALIAS:
        settled = settled_for_reading()
        return settled, data_stamp()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT settled, answer FROM kb_settled_then(%s)", [_stamp_sql()])
        return cursor.fetchone()


def audience(request) -> str:
    """Whose view of the data a response is: records visible differ per signed-in user (staff, a partner's own
    drafts), so they never share cached data; everyone anonymous sees the same published records."""
    return f"user:{request.user.pk}" if request.user.is_authenticated else "public"


# Query parameters every list understands besides its FilterSet's (paging, format, field selection, language, BOM).
GENERAL_PARAMETERS = frozenset(
    {
        "limit",
        "offset",
        "cursor",
        "pagination",
        "format",
        "fields",
        "omit",
        "ordering",
        "lang",
        "as_of",
        "group_by",
        "bom",
    }
)


def _known_query(request) -> str:
    """The request's query string reduced to the parameters its view declares (the parameters it takes, or its
    FilterSet's and the general ones), sorted: junk parameters neither make new cache entries nor miss existing ones."""
    view = (getattr(request, "parser_context", None) or {}).get("view")
    if hasattr(view, "allowed_query_parameters"):
        known = view.allowed_query_parameters() | GENERAL_PARAMETERS
    else:
        filterset = getattr(view, "filterset_class", None)
        known = GENERAL_PARAMETERS | set(filterset.base_filters if filterset else ())
    params = request.query_params
    # Encoded again, so that a value holding "&k=v" is not taken for a second parameter.
    return urlencode([(k, v) for k in sorted(k for k in params if k in known) for v in params.getlist(k)])


def _cache_key(request, parts: tuple) -> str:
    uri = request.build_absolute_uri(request.path)
    context = (audience(request), translation.get_language(), uri, _known_query(request), request.accepted_media_type)
    # repr of the strings, not a join: no part's own text can shift the boundary between two parts.
    return "api-data:" + hashlib.sha256(repr(tuple(map(str, (*parts, *context)))).encode()).hexdigest()


# A list page is kept once it is asked for again under the same stamp; the first time, only that it was asked is.
# Traffic that never repeats a URL (partners each asking for their own country and years) would otherwise write every
# page it gets into memory or Redis (40-120 KB pickled, 0.2-0.4 ms a page) for nothing.
ASKED = "asked"


def cache_entry(request, parts: tuple, stamp: str) -> tuple[bool, object]:
    """Was this request (URL, host, format, language, audience and `parts`) asked for before under `stamp`, and what
    was stored for it then (None where nothing was, or only that it was asked)?

    One entry per request holds the stamp it was computed under: when the data moves on, the entry is replaced rather
    than joined by another, so memory is bounded by the distinct requests, not by how often data changes."""
    entry = cache_get_or_none(_cache_key(request, parts), use="response_cache")  # None also while Redis is down
    asked = entry is not None and entry[0] == stamp
    hit = asked and not (isinstance(entry[1], str) and entry[1] == ASKED)
    RESPONSE_CACHE.labels(result="hit" if hit else "miss").inc()
    return asked, entry[1] if hit else None


def cache_lookup(request, parts: tuple, stamp: str):
    """What was stored for this request under `stamp` (cache_entry), or None."""
    return cache_entry(request, parts, stamp)[1]


def cache_store(request, parts: tuple, stamp: str, value) -> None:
    cache_set_if_reachable(_cache_key(request, parts), (stamp, value), RESPONSE_CACHE_SECONDS, use="response_cache")


def cached_data(request, parts: tuple, compute):
    """The response data `compute()` gives, kept in the default cache (per process, or shared through Redis) for the
    request and the data stamp, read before the data is. The response is rendered from it as before, so the bytes
    are the same."""
    stamp = data_stamp()
    data = cache_lookup(request, parts, stamp)
    if data is None:
        data = compute()
        cache_store(request, parts, stamp, data)
    return data

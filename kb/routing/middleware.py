"""Ties each request to its read database (kb/routing/reads.py): set for the view and for a streamed body, counted in
kb_db_reads_total, and retried on the primary when a replica fails under a read."""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from kb.middleware import DATABASE_DOWN
from kb.observability.metrics import DB_READS
from kb.routing.reads import SAFE_METHODS, ReadRoute, current, pin_to_primary
from kb.routing.replica_health import mark_down

logger = logging.getLogger(__name__)


def _within(route, chunks):
    """The streamed body, each chunk made with the request's read database chosen: a download reads from the
    database its headers (ETag, Last-Modified) came from, to its last row."""
    iterator = iter(chunks)
    try:
        while True:
            token = current.set(route)
            try:
                chunk = next(iterator)
            except StopIteration:
                return
            finally:
                current.reset(token)
            yield chunk
    finally:
        if hasattr(iterator, "close"):
            iterator.close()


class ReadRoutingMiddleware:
    """After AuthenticationMiddleware (a signed-in user reads from the primary). Its process_exception runs before
    kb.middleware.DatabaseUnavailableMiddleware's, which answers 503 only when the primary fails too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        route = ReadRoute(request)
        token = current.set(route)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        if route.alias is not None:
            DB_READS.labels(database=route.alias).inc()
        if settings.DATABASE_REPLICAS and request.method not in SAFE_METHODS and response.status_code < 400:
            pin_to_primary(request)
        # A file (an XLSX download) was written before the response: sent as it is, by the server's file wrapper.
        if response.streaming and not response.is_async and getattr(response, "file_to_stream", None) is None:
            response.streaming_content = _within(route, response.streaming_content)
        return response

    def process_exception(self, request, exception):
        """A replica failed under a read: skip it until its next probe and answer this request from the primary."""
        route = current.get()
        if (
            route is None
            or route.alias in (None, DEFAULT_DB_ALIAS)
            or request.method not in SAFE_METHODS
            or not isinstance(exception, DATABASE_DOWN)
        ):
            return None
        logger.warning("read replica %s failed (%s); answering from the primary", route.alias, type(exception).__name__)
        mark_down(route.alias)
        route.use_primary()
        match = request.resolver_match
        try:
            response = match.func(request, *match.args, **match.kwargs)
            if callable(getattr(response, "render", None)):
                response = response.render()
        except DATABASE_DOWN:
            return None  # the primary failed too: DatabaseUnavailableMiddleware answers 503
        return response

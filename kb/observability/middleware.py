"""One middleware, outermost, for what an operator watches per request: its id (response header, logs, SQL
comments), its duration and its number of SQL statements, by route (kb/observability/metrics.py)."""

import contextlib
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from kb.observability.metrics import DB_QUERIES, REQUEST_SECONDS, view_label
from kb.observability.request_ids import HEADER, QueryCounter, current, request_id_for


class RequestSignalsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        token = current.set(request.request_id)
        counter = QueryCounter(request.request_id)
        try:
            with contextlib.ExitStack() as wrappers:  # the primary's statements and the read replicas'
                for alias in (DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS):
                    wrappers.enter_context(connections[alias].execute_wrapper(counter))
                response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request.request_id
        view = view_label(request)
        # A streamed download is timed to its first byte: its body is sent after this returns.
        REQUEST_SECONDS.labels(view=view, method=request.method, status=response.status_code).observe(
            time.perf_counter() - started
        )
        DB_QUERIES.labels(view=view).observe(counter.count)
        return response

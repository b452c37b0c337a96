"""A request id for every request: taken from a proxy's `X-Request-ID` when it is a plain token, otherwise made here;
sent back in the response, attached to every log record written while the request runs, and appended to every SQL
statement as a comment, so `pg_stat_activity` and the server's slow-query log name the request that sent it."""

import contextvars
import logging
import re
import uuid

from django.db import connection

from kb.observability.metrics import DB_QUERIES, view_label

HEADER = "X-Request-ID"
# What a proxy may hand us: short, and nothing that could close the SQL comment or split a log line.
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{1,64}")

current = contextvars.ContextVar("request_id", default="-")


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every record (`-` outside a request), for the JSON and text formats alike."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if ACCEPTED.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = current.set(request_id)
        counter = _QueryCounter(request_id)
        try:
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        DB_QUERIES.labels(view=view_label(request)).observe(counter.count)
        return response


class _QueryCounter:
    """Counts the request's statements and appends the request id to each. Appended, not prepended: django-pghistory
    decides from a statement's first word whether to add its context to it."""

    def __init__(self, request_id: str):
        self.count = 0
        self.comment = f" /* request_id={request_id} */"

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        if isinstance(sql, str):
            sql += self.comment
        return execute(sql, params, many, context)

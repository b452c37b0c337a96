"""A request id for every request: taken from a proxy's `X-Request-ID` when it is a plain token, otherwise made here;
sent back in the response, attached to every log record written while the request runs, and appended to every SQL
statement as a comment, so `pg_stat_activity` and the server's slow-query log name the request that sent it (all but
prepared statements, whose text must stay the same for their plan to be found again: a JSON page's item statement)."""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
# What a proxy may hand us: short, and nothing that could close the SQL comment or split a log line.
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{1,64}")

current = contextvars.ContextVar("request_id", default="-")


def request_id_for(request) -> str:
    given = request.headers.get(HEADER, "")
    return given if ACCEPTED.fullmatch(given) else uuid.uuid4().hex


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every record (`-` outside a request), for the JSON and text formats alike."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True


class QueryCounter:
    """A database execute wrapper: counts the request's statements and appends the request id to each but prepared
    ones. Appended, not prepended: django-pghistory decides from a statement's first word whether to add its context
    to it."""

    def __init__(self, request_id: str):
        self.count = 0
        self.comment = f" /* request_id={request_id} */"

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        # A prepared statement keeps one text, so that its plan is found again (kb/database/base.py PreparedCursor).
        if isinstance(sql, str) and not getattr(context["cursor"].cursor, "prepared", False):
            sql += self.comment
        return execute(sql, params, many, context)

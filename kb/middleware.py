"""Request middleware: history context (who acted, through which channel), database outages as 503 and write conflicts
as 409."""

import logging
from urllib.parse import unquote_plus

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from pghistory.middleware import HistoryMiddleware as PghistoryMiddleware

logger = logging.getLogger(__name__)

# Django wraps driver errors, except some raised while closing a server-side cursor (QuerySet.iterator()).
DATABASE_DOWN = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)
# Also operational errors, but of a database that works: another transaction wrote the same rows in another order
# (deadlock) or first (serialization failure). Nothing was written; the same request may well succeed at once.
CONFLICTS = {"40P01", "40001"}
MSG_CONFLICT = "Another write to the same records got in the way and nothing was written; send the request again."


class HistoryMiddleware(PghistoryMiddleware):
    def get_context(self, request):
        context = super().get_context(request)
        if request.path.startswith("/admin/"):
            context["channel"] = "admin"
        elif request.path.startswith("/api/"):
            context["channel"] = "api"
        else:
            context["channel"] = "web"
        return context


class NulByteMiddleware:
    """A NUL byte in the path or the query string is a 400: PostgreSQL text cannot hold one, so it would otherwise
    reach the database driver as an error (a 500) from whichever lookup or filter used it."""

    MESSAGE = "The request contains a NUL character (%00), which no field accepts."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": self.MESSAGE}, status=400)
            return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """While PostgreSQL is unreachable, answer 503 with Retry-After (JSON for the API) instead of a 500 and a stack
    trace; persistent connections are health-checked, so service resumes by itself when the database returns."""

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        if _sqlstate(exception) in CONFLICTS:
            logger.info("write conflict: %s %s: %s", request.method, request.path, type(exception).__name__)
            return _answer(request, MSG_CONFLICT, status=409, retry_after=1)
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, type(exception).__name__)
        message = "The database is unavailable; retry in a few seconds."
        return _answer(request, message, status=503, retry_after=self.RETRY_AFTER_SECONDS)


def _sqlstate(exception) -> str | None:
    """The driver's SQLSTATE, whether Django wrapped its error or not."""
    return getattr(exception if isinstance(exception, psycopg.Error) else exception.__cause__, "sqlstate", None)


def _answer(request, message: str, *, status: int, retry_after: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response

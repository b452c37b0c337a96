"""HTTP caching and safe updates: ETag / Last-Modified with 304, If-Match with 412/428."""

import hashlib

from django.db.models import Count, Max
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it; fetch it again (new ETag) and resend your change."
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send the record's ETag in an If-Match header to change it."
    default_code = "precondition_required"


def record_etag(record) -> str:
    """Strong ETag of one record: its id and version (or its last change time)."""
    version = getattr(record, "version", None)
    stamp = version if version is not None else int(record.updated_at.timestamp() * 1_000_000)
    return quote_etag(f"{record.pk}-{stamp}")


def version_from_etag(value: str) -> int | None:
    try:
        return int(value.strip().strip('"').rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return None


def _matches(header: str, etag: str) -> bool:
    tags = [t.strip() for t in header.split(",")]
    bare = etag.removeprefix("W/")
    return "*" in tags or any(t.removeprefix("W/") == bare for t in tags)


class ConditionalMixin:
    """ETag and Last-Modified on lists and details; 304 on a matching conditional GET."""

    def _not_modified(self, request, etag: str, last_modified) -> bool:
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            return _matches(if_none_match, etag)
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return bool(since and last_modified and int(last_modified.timestamp()) <= since)

    def _conditional(self, request, etag: str, last_modified, respond):
        if self._not_modified(request, etag, last_modified):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = respond()
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        return response

    def list_etag(self, request, queryset) -> tuple[str, object]:
        state = queryset.order_by().aggregate(n=Count("pk"), last=Max("updated_at"))
        digest = hashlib.sha256(f"{request.get_full_path()}|{state['n']}|{state['last']}".encode()).hexdigest()[:32]
        return f'W/"{digest}"', state["last"]

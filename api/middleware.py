"""API middleware: `?lang=`, JSON for writes to a URL without its trailing slash, rate-limit headers, memory released
after rendering."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import get_urlconf, is_valid_path
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.response import Response

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class QueryLanguageMiddleware:
    """`?lang=` on the API: names, labels and messages in that language, as with Accept-Language (a query parameter
    is easier to set from a spreadsheet or a browser's address bar)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.GET.get("lang")
        if language and request.path.startswith("/api/"):
            if language not in LANGUAGE_CODES:
                message = _("Unknown language %(value)r; use one of: %(choices)s.") % {
                    "value": language,
                    "choices": ", ".join(LANGUAGE_CODES),
                }
                return JsonResponse({"lang": [message]}, status=400)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def serializer_released(data) -> None:
    """Let go of the rows and the answer a serializer holds. Its `.data` (ReturnList, ReturnDict) points at the
    serializer, which sits in cycles with its fields; left alone, the rows it read and the answer it built (24,000
    objects for a 6,000-group summary) wait for the next full collection, tens of megabytes for seconds."""
    serializer = getattr(data, "serializer", None)
    if serializer is None:
        return
    data.serializer = None
    # many=True: the list serializer's child was made with the same arguments, so it holds the rows as well.
    for part in (serializer, getattr(serializer, "child", None)):
        if part is not None:
            part.instance = None
            part._args = ()  # kept by BaseSerializer.__new__ for many_init() and deepcopy
            part.__dict__.pop("_data", None)


class ReleaseRenderedDataMiddleware:
    """Drop a rendered API response's data and renderer context. DRF links response, view and request in reference
    cycles, so without this a large answer (a 6,000-group summary, a 1,000-row page) stays in memory until Python's
    cyclic garbage collector runs, and a worker under load grows by hundreds of megabytes in between."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, Response) and response.is_rendered:
            serializer_released(response.data)
            response.data = None
            response.renderer_context = None
        return response


MSG_TRAILING_SLASH = "Not found: API routes end with a slash; send this request to {path}"


class TrailingSlashMiddleware:
    """A write to an API route without its trailing slash is a JSON 404 naming the right URL. Django's CommonMiddleware
    would redirect it (losing the body: clients resend a POST as a GET) or, with DEBUG, answer a 500 HTML page; a
    GET or HEAD is still redirected by CommonMiddleware, which this runs before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            settings.APPEND_SLASH
            and request.method not in ("GET", "HEAD")
            and path.startswith("/api/")
            and not path.endswith("/")
            and not is_valid_path(path, get_urlconf())
            and is_valid_path(f"{path}/", get_urlconf())
        ):
            return JsonResponse({"detail": MSG_TRAILING_SLASH.format(path=f"{request.path}/")}, status=404)
        return self.get_response(request)


class RateLimitHeadersMiddleware:
    """The client's quota on every throttled response, 429s included (api/throttling.py counts it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        quota = getattr(request, "rate_limit", None)
        if quota is not None:
            response["RateLimit-Limit"] = str(quota.limit)
            response["RateLimit-Remaining"] = str(quota.remaining)
            response["RateLimit-Reset"] = str(quota.reset_seconds)
        return response


class RevalidateMiddleware:
    """`Cache-Control: no-cache` on API answers that do not set their own (tiles, the docs do): a browser or proxy may
    keep an answer but must ask again (with its ETag) before using it, so a retraction is seen at once, not after the
    heuristic freshness a Last-Modified alone allows (RFC 9111 4.2.2). `private` where the answer is a signed-in
    reader's own view (staff, a partner's drafts), which no shared cache may keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") and request.method in ("GET", "HEAD") and "Cache-Control" not in response:
            user = getattr(request, "user", None)
            signed_in = "Authorization" in request.headers or bool(user and user.is_authenticated)
            response["Cache-Control"] = "private, no-cache" if signed_in else "no-cache"
        return response

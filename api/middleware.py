"""`?lang=` on the API: names, labels and messages in that language, as with Accept-Language (a query parameter is
easier to set from a spreadsheet or a browser's address bar)."""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.response import Response

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class QueryLanguageMiddleware:
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


class ReleaseRenderedDataMiddleware:
    """Drop a rendered API response's data and renderer context. DRF links response, view and request in reference
    cycles, so without this a large answer (a 6,000-group summary, a 1,000-row page) stays in memory until Python's
    cyclic garbage collector runs, and a worker under load grows by hundreds of megabytes in between."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, Response) and response.is_rendered:
            response.data = None
            response.renderer_context = None
        return response

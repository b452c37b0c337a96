"""The API docs' own assets, served so the docs need nothing from another host."""

import functools
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
# ReDoc's sidebar shows Redocly's logo from their CDN; an empty data: image (which the page's CSP allows) fails to
# load at once, and ReDoc then leaves the logo out.
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
NO_IMAGE = "data:,"


@functools.cache
def _redoc_bundle() -> bytes:
    text = Path(finders.find(REDOC_BUNDLE)).read_text(encoding="utf-8")
    return text.replace(REDOCLY_LOGO, NO_IMAGE).encode("utf-8")


@csrf_exempt  # it only reads: any other method is a JSON 405, never Django's CSRF page
@cache_control(public=True, max_age=86400)
def redoc_bundle(request):
    """The ReDoc bundle of drf-spectacular-sidecar without its one request to another host."""
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse({"detail": f'Method "{request.method}" not allowed.'}, status=405)
        response["Allow"] = "GET, HEAD"
        return response
    return HttpResponse(_redoc_bundle(), content_type="text/javascript; charset=utf-8")

"""Project URLs: the admin, the versioned API and the public pages."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api.views.docs import redoc_bundle
from api.views.tiles import tile_view
from kb.admin.login import throttled_login
from kb.observability.health import healthz, readyz
from kb.observability.metrics import metrics_view

docs_csp = csp_override(settings.API_DOCS_CSP)  # Swagger UI and ReDoc start with an inline script
# The docs pages render through a template: any method but a read (OPTIONS too) is a JSON 405, not a template error.
READ_ONLY = {"http_method_names": ["get", "head"]}

urlpatterns = [
    path("admin/login/", throttled_login, name="admin_login_throttled"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", docs_csp(SpectacularSwaggerView.as_view(url_name="schema", **READ_ONLY)), name="swagger-ui"),
    path("api/redoc/redoc.standalone.js", redoc_bundle, name="redoc-bundle"),
    path(
        "api/redoc/",
        docs_csp(SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html", **READ_ONLY)),
        name="redoc",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tiles/<str:layer>/<int:z>/<int:x>/<int:y>.mvt", tile_view, name="tile"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
]
# Public pages under /en/, /uk/, /ru/; "/" redirects to the visitor's language (LocaleMiddleware).
urlpatterns += i18n_patterns(path("", include("web.urls")))

handler400 = "api.exceptions.bad_request"
handler404 = "api.exceptions.not_found"
handler500 = "api.exceptions.server_error"

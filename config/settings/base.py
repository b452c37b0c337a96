"""Settings shared by every environment. Configuration comes from environment variables (.env.example)."""

from pathlib import Path

import environ
import pghistory
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
# No default: each environment module supplies one (dev/test) or requires it (production).
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
TIME_ZONE = "UTC"
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian")), ("ru", _("Russian"))]
# Ukrainian and Russian dates without the trailing year abbreviation, which doubled sentence-ending full stops.
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "kb" / "locale", BASE_DIR / "api" / "locale", BASE_DIR / "web" / "locale"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# DATABASES AND CACHE: config/settings/stores.py (pool, read replicas, Redis)
from config.settings.stores import *  # noqa: E402, F403

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "kb.apps.KbAdminConfig",  # django.contrib.admin with the dashboard site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.gis",
]
THIRD_PARTY_APPS = [
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    # django-import-export is used as a library (kb/services/imports/): not an app, whose admin module would load
    # openpyxl (12 MB) into every web worker at start; its admin mixins, templates and messages are not used.
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_tasks_db",
]
LOCAL_APPS = [
    "kb",
    "api",
    "web",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# GDAL older than 3.9 (Debian 12 ships 3.6) cannot stop a spatial reference *given as text* from reading files or
# URLs. The project never builds one from text a user sent: spatial references come from SRIDs or from an imported
# file's own layer, and kb/services/imports/geo.py refuses GeoJSON "crs" members other than EPSG/OGC codes.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# https://docs.djangoproject.com/en/6.1/ref/settings/#csrf-failure-view — JSON under /api/, Django's page elsewhere.
CSRF_FAILURE_VIEW = "api.exceptions.csrf_failure"

MIDDLEWARE = [
    # Map tiles leave here for a shorter chain of their own (TILE_MIDDLEWARE below, api/tile_chain.py).
    "api.tile_chain.TileChainMiddleware",
    # A request id in the response, the logs and the SQL comments; duration and query count by view for /metrics.
    "kb.observability.middleware.RequestSignalsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost but security's headers: compresses what every middleware below has finished writing.
    "kb.compression.CompressionMiddleware",
    "kb.middleware.NulByteMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "kb.middleware.DatabaseUnavailableMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.QueryLanguageMiddleware",
    "api.middleware.ReleaseRenderedDataMiddleware",
    "api.middleware.RateLimitHeadersMiddleware",
    "api.middleware.RevalidateMiddleware",
    "api.middleware.TrailingSlashMiddleware",  # before CommonMiddleware's APPEND_SLASH redirect
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which database serves the request's reads (the primary or a read replica); after authentication.
    "kb.routing.middleware.ReadRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the acting user and URL with every history row (django-pghistory).
    "kb.middleware.HistoryMiddleware",
    # The data's licence as a Link header on every CSV and archive download.
    "api.licence.LicenceLinkMiddleware",
]
# Map tiles' own chain (api/tile_chain.py): MIDDLEWARE without what a tile has no use for. A tile is the same for
# every visitor and language and is never written to: no language, messages, CSRF, history context or API middleware.
# Sessions and authentication stay (a signed-in user reads from the primary, kb/routing).
NOT_FOR_TILES = {
    "api.tile_chain.TileChainMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.QueryLanguageMiddleware",
    "api.middleware.ReleaseRenderedDataMiddleware",
    "api.middleware.RateLimitHeadersMiddleware",
    "api.middleware.RevalidateMiddleware",
    "api.middleware.TrailingSlashMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kb.middleware.HistoryMiddleware",
    "api.licence.LicenceLinkMiddleware",
}
TILE_MIDDLEWARE = [name for name in MIDDLEWARE if name not in NOT_FOR_TILES]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Searched before the apps, so kb's admin/base_site.html overrides the admin's own (the admin app is listed
        # before kb and would otherwise win); it extends the admin's template of the same name.
        "DIRS": [BASE_DIR / "kb" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# CONTENT SECURITY POLICY
# https://docs.djangoproject.com/en/6.1/ref/csp/ — no inline or foreign scripts anywhere; the API docs pages, which
# need an inline script, relax this for themselves (config/urls.py).
# ------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],  # the browsable API sets style attributes
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
API_DOCS_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": [CSP.SELF, "blob:"],  # ReDoc renders in a worker
}

# STATIC
# ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / ".static"

# DJANGO REST FRAMEWORK
# https://www.django-rest-framework.org/api-guide/settings/
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PartnerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOrSubmit"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "api.filters.ordering.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.HybridPagination",
    # JSON with a depth limit and no NUL characters (api/parsers.py); forms as DRF's defaults.
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.PartnerRateThrottle",
        "api.throttling.StaffRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", default="120/minute"),
        "partner": env("API_PARTNER_RATE", default="1200/minute"),
        "staff": env("API_STAFF_RATE", default="1200/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "api.schema.KbAutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.FormatContentNegotiation",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "api.renderers.CSVRenderer",
        "api.renderers.HXLRenderer",
        "api.renderers.XLSXRenderer",
    ],
}

# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SYSTEM_FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif"
SPECTACULAR_SETTINGS = {
    "TITLE": "Landmine-impact knowledge base API",
    "DESCRIPTION": (
        "Published, cited figures on landmine casualties, contamination, clearance, stockpiles, "
        "production, programmes, funding and treaty status. Every figure names its source. What every column "
        "means (types, units, allowed values, HXL tags, what an empty cell means): the data dictionary at "
        "/api/v1/data-dictionary/. Dated, frozen snapshots of everything: /api/v1/releases/."
    ),
    "EXTERNAL_DOCS": {"description": "Data dictionary (Frictionless Table Schemas)", "url": "/api/v1/data-dictionary/"},
    "VERSION": "1.0.0",
    # 3.1: a null is a type (`type: [integer, "null"]`, `oneOf: [{$ref}, {type: "null"}]`), which strict validators
    # honour; 3.0's `nullable` beside `allOf` is ignored by them, so nested objects that may be null failed validation.
    "OAS_VERSION": "3.1.0",
    # The licence of the data served (the code's licence is the repository's).
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "CONTACT": {
        "name": env("KB_CONTACT_NAME", default="Knowledge base data team"),
        **({"email": env("KB_CONTACT_EMAIL")} if env("KB_CONTACT_EMAIL", default="") else {}),
    },
    # The server of a schema written to a file (`manage.py spectacular`); /api/schema/ names the host it is served
    # from instead (api/schema_document.py).
    "SERVERS": [{"url": "http://127.0.0.1:8000", "description": "`make run` on this machine."}],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema_document.nullable_as_type",
        "api.schema_document.blank_or_formatted",
        "api.schema_document.declared_tags",
        "api.schema_document.served_from",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    # Assets from drf-spectacular-sidecar, so /api/docs/ works without internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # ReDoc's own fonts come from Google Fonts; the system's fonts keep the page offline (api/templates/api/redoc.html).
    "REDOC_UI_SETTINGS": {
        "theme": {
            "typography": {
                "fontFamily": SYSTEM_FONTS,
                "headings": {"fontFamily": SYSTEM_FONTS},
                "code": {"fontFamily": "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"},
            }
        }
    },
    "COMPONENT_SPLIT_REQUEST": True,
    # Operations are grouped (tagged) by resource: /api/v1/casualties/ -> "casualties".
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "kb.choices.ReviewStatusChoices",
        "TreatyStatusEnum": "kb.choices.TreatyStatusChoices",
        "AreaKindEnum": "kb.choices.AreaKindChoices",
        "OrganisationKindEnum": "kb.choices.OrganisationKindChoices",
        "SourceKindEnum": "kb.choices.SourceKindChoices",
        "TreatyActionKindEnum": "kb.choices.TreatyActionKindChoices",
        "ProgrammeKindEnum": "kb.choices.ProgrammeKindChoices",
        "TreatyObligationKindEnum": "kb.choices.TreatyObligationKindChoices",
        "ObligationStateEnum": "kb.choices.ObligationStateChoices",
        "DeviceTypeEnum": "kb.choices.DeviceTypeChoices",
        "TextLanguageEnum": "kb.translations.TEXT_LANGUAGES",
    },
}

# UPLOADS
# The size limit of imports is enforced while the upload streams in (kb/uploads.py), before anything is stored.
# ------------------------------------------------------------------------------
FILE_UPLOAD_HANDLERS = [
    "kb.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# IMPORT-EXPORT
# ------------------------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# LOGGING
# ------------------------------------------------------------------------------
# LOG_FORMAT=json: one JSON object a line (python-json-logger) for a log collector; text otherwise. Both carry the
# request id (kb/observability/request_ids.py).
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kb.observability.request_ids.RequestIdLogFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# OPERATOR SIGNALS (kb/observability/; docs/operations.md)
# /metrics answers these addresses or networks only (after KB_TRUSTED_PROXIES); others get a 404.
# ------------------------------------------------------------------------------
KB_METRICS_ALLOWED_IPS = env.list("KB_METRICS_ALLOWED_IPS", default=["127.0.0.1/32", "::1/128"])

# HISTORY
# https://django-pghistory.readthedocs.io/en/latest/settings/
# Database triggers record inserts, updates (also QuerySet.update) and deletes of every tracked model.
# ------------------------------------------------------------------------------
PGHISTORY_DEFAULT_TRACKERS = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
)

# IMPORTS AND REVIEW
# ------------------------------------------------------------------------------
# Files with more rows than this are applied by the task worker; the admin shows their progress.
KB_IMPORT_BACKGROUND_ROWS = env.int("KB_IMPORT_BACKGROUND_ROWS", default=1000)

# TASKS (Django's tasks framework; https://docs.djangoproject.com/en/6.1/topics/tasks/)
# Tasks are rows in PostgreSQL (django-tasks-db), written in the transaction that queues them, and run by
# `manage.py kb_worker` (scripts/run.sh starts one); they wait there through restarts of web server and worker.
# ------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# `manage.py kb_worker` (db_worker with a heartbeat) writes its heartbeat this often (seconds); /readyz reports the
# worker late once its newest heartbeat is older than KB_WORKER_STALE_SECONDS.
KB_WORKER_HEARTBEAT_SECONDS = env.float("KB_WORKER_HEARTBEAT_SECONDS", default=5.0)
KB_WORKER_STALE_SECONDS = env.float("KB_WORKER_STALE_SECONDS", default=30.0)
# Import batches (the uploaded file and its report) older than this may be deleted by administrators.
KB_IMPORT_BATCH_RETENTION_DAYS = env.int("KB_IMPORT_BATCH_RETENTION_DAYS", default=90)
# Files of export jobs (POST /api/v1/exports/) are deleted this many days after they are written
# (`manage.py kb_prune_exports`); failed jobs go after as long.
KB_EXPORT_RETENTION_DAYS = env.int("KB_EXPORT_RETENTION_DAYS", default=7)
# Where export job files are stored (Django's default file storage; a directory kept across restarts and
# shared by web server and task worker).
MEDIA_ROOT = env("MEDIA_ROOT", default="") or str(BASE_DIR / ".data" / "media")
# Whether a reviewer may publish a record they submitted themselves.
KB_ALLOW_SELF_REVIEW = env.bool("KB_ALLOW_SELF_REVIEW", default=False)

# DATA LICENCE AND CITATION (kb/services/licence.py; docs/releases.md)
# Shown in the API schema, every CSV download's `Link: <url>; rel="license"` header, releases and the page footer.
# ------------------------------------------------------------------------------
KB_DATA_LICENCE = env("KB_DATA_LICENCE", default="CC-BY-4.0")
KB_DATA_LICENCE_TITLE = env("KB_DATA_LICENCE_TITLE", default="Creative Commons Attribution 4.0 International")
KB_DATA_LICENCE_URL = env("KB_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/")
# Empty: the built-in text, translated (kb/services/licence.py); {version} and {licence} are filled in.
KB_DATA_CITATION = env("KB_DATA_CITATION", default="")
# The schema's info.license (partners' tools read it there).
SPECTACULAR_SETTINGS["LICENSE"] = {"name": KB_DATA_LICENCE_TITLE, "url": KB_DATA_LICENCE_URL}

# CORS
# https://github.com/adamchainz/django-cors-headers — browsers on other sites may read the API (not write it) and
# the map tiles (a partner's MapLibre map fetches them).
# ------------------------------------------------------------------------------
CORS_URLS_REGEX = r"^/(api|tiles)/.*$"
CORS_ALLOW_ALL_ORIGINS = env.bool("CORS_ALLOW_ALL_ORIGINS", default=True)
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Link",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
]

# ADMIN SIGN-IN
# Failed admin sign-ins allowed per account from one address within the window (seconds) before a 429 (so nobody
# elsewhere can lock a user out), and per address over all accounts (guessing many accounts from one place).
# ------------------------------------------------------------------------------
ADMIN_LOGIN_FAILURE_LIMIT = env.int("ADMIN_LOGIN_FAILURE_LIMIT", default=5)
ADMIN_LOGIN_ADDRESS_LIMIT = env.int("ADMIN_LOGIN_ADDRESS_LIMIT", default=50)
ADMIN_LOGIN_FAILURE_WINDOW = env.int("ADMIN_LOGIN_FAILURE_WINDOW", default=15 * 60)

# CLIENT ADDRESSES BEHIND PROXIES (kb/clients.py)
# Used by the API rate limits, the sign-in limit and partner tokens' allowed addresses. Set one: the number of
# reverse proxies in front of the server that append to X-Forwarded-For, or their addresses/networks (CIDR).
# ------------------------------------------------------------------------------
KB_TRUSTED_PROXY_COUNT = env.int("KB_TRUSTED_PROXY_COUNT", default=0)
KB_TRUSTED_PROXIES = env.list("KB_TRUSTED_PROXIES", default=[])

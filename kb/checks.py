"""Deployment checks of our own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks
from django.core.cache import caches

MSG_CACHE = "The configured cache ({backend}) cannot be used: {error}"
HINT_CACHE = "For CACHE_URL=dbcache://<table>, run `manage.py createcachetable` (scripts/run.sh does)."


@checks.register(checks.Tags.caches, deploy=True)
def cache_usable_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Rate limits, the sign-in limit and the response cache live in the default cache: one that cannot be written
    (a dbcache:// table never made, an unreachable server) turns every request into a 500."""
    try:
        cache = caches["default"]
        cache.set("kb-deploy-check", "ok", 5)
        if cache.get("kb-deploy-check") != "ok":
            raise RuntimeError("a value written could not be read back")
    except Exception as exc:  # every backend fails its own way (database, network, file system)
        backend = settings.CACHES["default"]["BACKEND"]
        return [checks.Error(MSG_CACHE.format(backend=backend, error=exc), hint=HINT_CACHE, id="kb.E001")]
    return []


MSG_PINS = "Read replicas are configured, but the default cache ({backend}) is this process's own."
HINT_PINS = (
    "A client's read-your-writes pin (KB_READ_YOUR_WRITES_SECONDS) is kept in the default cache: with more than one "
    "process, set CACHE_URL to a shared cache (rediscache://...), or a write on one process pins nothing on the next."
)


@checks.register(checks.Tags.caches, deploy=True)
def replica_pins_shared_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DATABASE_REPLICAS and backend.endswith((".LocMemCache", ".DummyCache")):
        return [checks.Warning(MSG_PINS.format(backend=backend), hint=HINT_PINS, id="kb.W001")]
    return []

"""The database a request reads from, chosen once (at its first read) and kept for the whole request, its streamed
body included: a replica for anonymous and partner-token reads (GET, HEAD, OPTIONS), the primary for everything else
(writes, unsafe methods, signed-in staff, a client that has just written, no request at all)."""

import contextvars
import hashlib
import logging
import random

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

from kb.routing.replica_health import usable_replicas

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOKEN_KEYWORDS = ("token", "bearer")  # api/authentication.py's schemes
PIN_PREFIX = "kb:read-primary:"

# The current request's ReadRoute; None outside a request (commands, the task worker, the shell): the primary.
current = contextvars.ContextVar("kb_read_route", default=None)


def _token(request) -> str | None:
    parts = request.META.get("HTTP_AUTHORIZATION", "").split()
    return parts[1] if len(parts) == 2 and parts[0].lower() in TOKEN_KEYWORDS else None


def client_pin_key(request) -> str | None:
    """The cache key of the client's read-your-writes pin: a hash of its partner token or its session cookie (never
    the secret itself, which the shared cache would otherwise hold), or None for a client that names neither."""
    token = _token(request)
    if token is not None:
        secret = f"token:{token}"
    elif session := request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        secret = f"session:{session}"
    else:
        return None
    return PIN_PREFIX + hashlib.sha256(secret.encode()).hexdigest()


def pin_to_primary(request) -> None:
    """The client has just written: its reads go to the primary for KB_READ_YOUR_WRITES_SECONDS, on every app server
    (the pin is in the shared default cache)."""
    key = client_pin_key(request)
    if key is not None:
        cache.set(key, 1, settings.KB_READ_YOUR_WRITES_SECONDS)


def _pinned(key: str) -> bool:
    try:
        return cache.get(key) is not None
    except Exception:  # the cache unreachable: the primary, which has every write
        logger.warning("read-your-writes pin unknown (cache unavailable); reading from the primary")
        return True


def _signed_in(request) -> bool:
    # The session's user (the admin, staff pages); loading it reads auth tables, which stay on the primary (router.py).
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class ReadRoute:
    def __init__(self, request):
        self.request = request
        self.alias: str | None = None  # None until the first read asks

    def read_alias(self) -> str:
        if self.alias is None:
            self.alias = self._choose()
        return self.alias

    def use_primary(self) -> None:
        self.alias = DEFAULT_DB_ALIAS

    def _choose(self) -> str:
        replicas = settings.DATABASE_REPLICAS
        request = self.request
        if not replicas or request.method not in SAFE_METHODS:
            return DEFAULT_DB_ALIAS
        if _token(request) is None and _signed_in(request):
            return DEFAULT_DB_ALIAS
        key = client_pin_key(request)
        if key is not None and _pinned(key):
            return DEFAULT_DB_ALIAS
        usable = usable_replicas(replicas)
        return random.choice(usable) if usable else DEFAULT_DB_ALIAS


def read_from_primary() -> None:
    """This request's reads go to the primary from now on: what it answers must not lag behind it (the change feed
    judges which events are settled there)."""
    route = current.get()
    if route is not None:
        route.use_primary()


def read_alias() -> str:
    """The alias this request reads from (the primary outside a request)."""
    route = current.get()
    return DEFAULT_DB_ALIAS if route is None else route.read_alias()


def read_connection():
    """The connection for raw SQL that reads what the request serves, so that it sees the same data as the ORM's
    queries of the same request (the data stamp, ETags, tiles)."""
    return connections[read_alias()]

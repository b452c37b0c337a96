"""The default cache is shared by the app servers when REDIS_URL is set, and Redis may be down while they are not.
Each use then does what suits it (docs/operations.md, Redis): the response cache misses and stores nothing, the API
rate limits count in each process's memory (api/throttling.py), the admin sign-in is refused (kb/admin/login.py).
Only failures to reach the cache are caught here; any other error still raises."""

import logging

from django.core.cache import cache
from redis.exceptions import RedisError

from kb.observability.metrics import CACHE_ERRORS

logger = logging.getLogger("kb.cache")

# What a cache that cannot be reached raises: redis-py's errors (refused, reset, timed out) and the socket's own.
UNREACHABLE = (RedisError, OSError)


def cache_unreachable(use: str, exc: BaseException) -> None:
    """Counts (kb_cache_errors_total) and logs one failed call to the cache by `use`."""
    CACHE_ERRORS.labels(use=use).inc()
    logger.warning("cache unreachable (%s): %s", use, type(exc).__name__)


def cache_get_or_none(key: str, *, use: str):
    """The value stored under `key`, or None when there is none or the cache cannot be reached (a miss)."""
    try:
        return cache.get(key)
    except UNREACHABLE as exc:
        cache_unreachable(use, exc)
        return None


def cache_set_if_reachable(key: str, value, timeout: int, *, use: str) -> None:
    """Stores `value` when the cache can be reached; otherwise the next request computes it again."""
    try:
        cache.set(key, value, timeout)
    except UNREACHABLE as exc:
        cache_unreachable(use, exc)

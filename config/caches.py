"""The default cache when several app servers share state through Redis (REDIS_URL)."""


def redis_cache(url: str, *, key_prefix: str, timeout: float) -> dict:
    """Django's own Redis backend with short socket timeouts: an unreachable Redis costs a request `timeout` seconds
    at most per cache call, never a hang (redis-py's connections retry nothing by default, so one try is all)."""
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        # Several deployments (or test runs) may share one Redis: each keeps to its own keys.
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }

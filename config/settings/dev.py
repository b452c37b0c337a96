"""Local development: DEBUG on, a throwaway secret key."""

from .base import *  # noqa: F403
from .base import DATABASE_REPLICAS, DATABASES, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-not-for-production")

# runserver starts a thread per request; persistent connections would pile up until PostgreSQL refuses more (a pool,
# KB_DB_POOL_MAX_SIZE, bounds them instead and needs CONN_MAX_AGE 0, which base.py set).
if "pool" not in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    for _alias in ("progress", *DATABASE_REPLICAS):
        DATABASES[_alias]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]

"""Local development: DEBUG on, a throwaway secret key."""

from .base import *  # noqa: F403
from .base import DATABASE_REPLICAS, DATABASES, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-not-for-production")

# runserver starts a thread per request; persistent connections would pile up until PostgreSQL refuses more.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
for _alias in ("progress", *DATABASE_REPLICAS):
    DATABASES[_alias]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]

"""Test run: fast hashing, no throttling surprises unless a test asks for it."""

from .base import *  # noqa: F403
from .base import DATABASES, REST_FRAMEWORK, env

SECRET_KEY = env("SECRET_KEY", default="test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute", "partner": "10000/minute", "staff": "10000/minute"},
}

# Read replicas for the routing tests (tests/kb/routing/): the test database through connections of their own, which
# see only what is committed (as replicas that have not yet replayed the test's writes). Reads go to them only where a
# test lists them in DATABASE_REPLICAS; everywhere else they stay on the primary.
DATABASES["replica_0"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASES["replica_1"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_REPLICAS = []

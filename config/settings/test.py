"""Test run: fast hashing, no throttling surprises unless a test asks for it."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, env

SECRET_KEY = env("SECRET_KEY", default="test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute", "partner": "10000/minute", "staff": "10000/minute"},
}

"""Property-based fuzzing of the whole API from its OpenAPI schema (schemathesis).

Every documented operation gets generated requests, valid and invalid; every response must be a documented status
with a body matching the schema, and never a 5xx. KB_FUZZ_EXAMPLES sets the examples per operation: a few in
`make test`, many in `make fuzz`."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from config.wsgi import application

EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES", "4"))

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


REQUESTS = {"count": 0}


@pytest.fixture(scope="module", autouse=True)
def report_request_count():
    yield
    print(f"\nfuzz: {REQUESTS['count']} generated requests, {EXAMPLES} examples per operation")


@pytest.fixture
def keep_test_connection(db):
    # Django closes the connection at the end of each request; inside a test that would close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, keep_test_connection):
    # Left out: positive_data_acceptance, which expects every schema-valid value to succeed (an unknown country
    # code is a string to the schema but rightly a 400 here), and negative_data_rejection, which expects empty
    # filter values (?year=) to be refused where HTML forms rightly send them and they mean "no filter".
    REQUESTS["count"] += 1
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection], headers=PLAIN)


# The WSGI client does not decompress: answers are asked for uncompressed (compression has its own tests).
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture
def production_settings(settings):
    """What config/settings/production.py changes that could turn a bad request into a 500 page: DEBUG off and the
    security settings (the HTTPS redirect aside: the fuzzer speaks plain HTTP to the WSGI application)."""
    settings.DEBUG = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_CONTENT_TYPE_NOSNIFF = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema_with_production_settings(case, keep_test_connection, production_settings):
    REQUESTS["count"] += 1
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection], headers=PLAIN)

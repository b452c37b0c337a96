"""Client identity behind proxies (finding 9) and a sign-in limit that cannot lock a user out from elsewhere
(finding 10)."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon_limit():
    from rest_framework.throttling import AnonRateThrottle

    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {**original, "anon": "3/minute"}
    yield
    AnonRateThrottle.THROTTLE_RATES = original


def test_m9_a_new_x_forwarded_for_on_every_request_does_not_escape_the_anonymous_limit(anon_limit):
    client = APIClient()
    statuses = [client.get("/api/v1/treaties/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_m9_behind_a_trusted_proxy_each_client_has_its_own_limit(anon_limit, settings):
    settings.KB_TRUSTED_PROXY_COUNT = 1
    client = APIClient(REMOTE_ADDR="10.0.0.2")  # the proxy
    first = [client.get("/api/v1/treaties/", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code for _ in range(4)]
    other = client.get("/api/v1/treaties/", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert first == [200, 200, 200, 429]
    assert other.status_code == 200
    # A client cannot pose as another by adding its own X-Forwarded-For entry: the proxy appends the real one.
    spoofed = client.get("/api/v1/treaties/", HTTP_X_FORWARDED_FOR="198.51.100.8, 198.51.100.7")
    assert spoofed.status_code == 429


def test_m9_trusted_proxy_networks(settings, rf):
    from kb.clients import client_address

    settings.KB_TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9, 10.9.9.9")
    assert client_address(request) == "198.51.100.9"
    untrusted = rf.get("/", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(untrusted) == "198.51.100.20"


def test_m9_token_allowed_addresses_use_the_client_behind_the_proxy(make_token, settings):
    settings.KB_TRUSTED_PROXY_COUNT = 1
    token, _ = make_token(allowed_ips=["198.51.100.7"])
    from kb.services.tokens import token_create

    _, key = token_create(organisation=token.organisation, name="proxy", scopes=["read"], allowed_ips=["198.51.100.7"])
    client = APIClient(REMOTE_ADDR="10.0.0.2", HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/treaties/", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200
    refused = client.get("/api/v1/treaties/", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert refused.status_code == 401
    assert refused.json() == {"detail": "This token may not be used from 198.51.100.99."}


def test_m10_failures_from_elsewhere_do_not_lock_the_user_out(admin_user, settings):
    settings.ADMIN_LOGIN_FAILURE_LIMIT = 3
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(5):
        attacker.post("/admin/login/", {"username": "admin", "password": "wrong"})
    assert attacker.post("/admin/login/", {"username": "admin", "password": "password"}).status_code == 429
    owner = Client(REMOTE_ADDR="198.51.100.5")
    assert owner.post("/admin/login/", {"username": "admin", "password": "password"}).status_code == 302


def test_m10_behind_the_proxy_staff_are_told_apart(admin_user, settings):
    settings.ADMIN_LOGIN_FAILURE_LIMIT = 3
    settings.KB_TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(5):
        attacker.post("/admin/login/", {"username": "admin", "password": "wrong"})
    owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert owner.post("/admin/login/", {"username": "admin", "password": "password"}).status_code == 302


def test_m10_one_address_guessing_many_accounts_is_limited(settings):
    settings.ADMIN_LOGIN_ADDRESS_LIMIT = 4
    client = Client(REMOTE_ADDR="203.0.113.67")
    statuses = [
        client.post("/admin/login/", {"username": f"user{n}", "password": "wrong"}).status_code for n in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]

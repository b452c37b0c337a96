"""With REDIS_URL, what one app server counts or caches, the others see: a partner's rate limit, the admin sign-in
limit and the API's response cache hold across servers."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from prometheus_client import REGISTRY
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from api.throttling import AnonRateThrottle, PartnerRateThrottle

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


@pytest.fixture
def tight_rates(monkeypatch):
    rates = {**AnonRateThrottle.THROTTLE_RATES, "anon": "3/minute", "partner": "4/minute"}
    for throttle in (AnonRateThrottle, PartnerRateThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", rates)


def remaining(response) -> int:
    return int(response["RateLimit-Remaining"])


def test_the_servers_have_clients_of_their_own_on_one_redis(two_servers):
    first, second = two_servers
    with first.serving() as cache_a:
        cache_a.set("greeting", "from a", 30)
        client_a = cache_a._cache.get_client(write=True)
    with second.serving() as cache_b:
        assert cache_b is not cache_a
        assert cache_b._cache.get_client(write=True).connection_pool is not client_a.connection_pool
        assert cache_b.get("greeting") == "from a"


def test_a_partners_rate_limit_is_reached_across_servers(two_servers, tight_rates, make_token):
    first, second = two_servers
    _token, partner = make_token()
    seen = []
    for server in (first, second, first, second, first):
        with server.serving():
            seen.append(partner.get("/api/v1/treaties/"))
    assert [r.status_code for r in seen] == [200, 200, 200, 200, 429]
    assert [remaining(r) for r in seen] == [3, 2, 1, 0, 0]
    assert int(seen[-1]["Retry-After"]) > 0


def test_anonymous_clients_are_counted_across_servers(two_servers, tight_rates):
    first, second = two_servers
    codes = []
    for server in (first, second, second, first):
        with server.serving():
            codes.append(APIClient().get("/api/v1/treaties/").status_code)
    assert codes == [200, 200, 200, 429]


def test_requests_arriving_together_are_each_counted(two_servers, monkeypatch):
    """Eight workers at once, five requests each from one client, against a limit of 25 a minute through Redis:
    exactly 25 pass. (DRF's throttle read the client's list of request times, added to it and wrote it back, so
    requests arriving together wrote over each other's and more passed.)"""
    rates = {**AnonRateThrottle.THROTTLE_RATES, "anon": "25/minute"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    together = threading.Barrier(8)

    def worker(_):
        together.wait()
        requests = [APIRequestFactory().get("/api/v1/treaties/", REMOTE_ADDR="192.0.2.7") for _ in range(5)]
        return [AnonRateThrottle().allow_request(Request(request), None) for request in requests]

    with two_servers[0].serving(), ThreadPoolExecutor(8) as pool:
        passed = [allowed for answers in pool.map(worker, range(8)) for allowed in answers]
    assert passed.count(True) == 25


def test_the_sign_in_limit_holds_across_servers(two_servers, client, admin_user, settings):
    settings.ADMIN_LOGIN_FAILURE_LIMIT = 3
    first, second = two_servers
    for server in (first, second, first):
        with server.serving():
            assert client.post("/admin/login/", {"username": "admin", "password": "wrong"}).status_code == 200
    with second.serving():
        locked = client.post("/admin/login/", {"username": "admin", "password": "password"})
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(settings.ADMIN_LOGIN_FAILURE_WINDOW)


def hits() -> float:
    return REGISTRY.get_sample_value("kb_response_cache_lookups_total", {"result": "hit"}) or 0.0


def test_a_response_cached_by_one_server_is_served_by_the_other(two_servers, api_client, monkeypatch):
    # The stamp holds the cluster's snapshot, which another test database's writes move between the two requests.
    monkeypatch.setattr("api.caching._stamp_sql", lambda: "SELECT 'still'")
    first, second = two_servers
    path = "/api/v1/casualties/summary/?group_by=year"
    with first.serving():
        before = hits()
        computed = api_client.get(path)
        assert hits() == before  # a miss: computed here, stored in Redis
    with second.serving():
        served = api_client.get(path)
        assert hits() == before + 1
    assert served.status_code == computed.status_code == 200
    assert served.content == computed.content

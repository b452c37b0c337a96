"""Redis down (REDIS_URL at a closed port): the API still answers, rate limits count per process, the admin sign-in
is refused rather than left unlimited, and /readyz names the cache while keeping the server in rotation."""

import pytest
from django.utils import timezone
from prometheus_client import REGISTRY
from rest_framework.test import APIClient

from api.throttling import AnonRateThrottle
from kb.services.workers import heartbeat_beat

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def cache_errors(use: str) -> float:
    return REGISTRY.get_sample_value("kb_cache_errors_total", {"use": use}) or 0.0


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/casualties/summary/?group_by=year",
        "/api/v1/casualties/?format=csv",
        "/api/v1/countries/",
        "/tiles/hazard-areas/0/0/0.mvt",
    ],
)
def test_the_api_answers_without_its_cache(redis_down, api_client, path):
    before = cache_errors("response_cache")
    with redis_down.serving():
        response = api_client.get(path)
    assert response.status_code in (200, 204), path
    assert cache_errors("rate_limit") > 0
    if "summary" in path or "tiles" in path:
        assert cache_errors("response_cache") > before


def test_rate_limits_still_hold_in_each_process(redis_down, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**AnonRateThrottle.THROTTLE_RATES, "anon": "2/minute"})
    with redis_down.serving():
        codes = [APIClient().get("/api/v1/treaties/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_sign_in_is_refused_while_its_limit_cannot_be_checked(redis_down, client, admin_user):
    with redis_down.serving():
        refused = client.post("/admin/login/", {"username": "admin", "password": "password"})
        assert client.get("/admin/login/").status_code == 200  # the page itself still renders
    assert refused.status_code == 503
    assert int(refused["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_readyz_names_the_cache_and_stays_in_rotation(redis_down, client):
    with redis_down.serving():
        response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    cache = body["checks"]["cache"]
    assert cache["ok"] is False and cache["required"] is False
    assert cache["problem"] == "ConnectionError"
    assert body["checks"]["database"]["ok"] is True


def test_readyz_is_plainly_ready_with_redis_up(two_servers, client):
    heartbeat_beat("worker-1", started_at=timezone.now())  # a task worker runs
    with two_servers[0].serving():
        body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert body["checks"]["cache"]["ok"] is True

"""Reads never fail while the primary answers: a replica that is down, goes away under a request or lags is skipped,
and /readyz and /metrics say so while the server stays ready."""

import pytest
from prometheus_client import REGISTRY

from kb.routing import replica_health
from tests.kb.routing.conftest import DATABASES, reads_from

pytestmark = pytest.mark.django_db(databases=DATABASES)


def _gauge(name: str, alias: str) -> float | None:
    return REGISTRY.get_sample_value(name, {"database": alias})


def test_a_replica_that_is_down_is_skipped(failing_replica, api_client, client):
    failing_replica.kill()
    response, alias = reads_from(lambda: api_client.get("/api/v1/casualties/"))
    assert (response.status_code, alias) == (200, "default")
    assert _gauge("kb_replica_up", "replica_1") == 0

    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"  # still 200: replicas are not required
    check = ready.json()["checks"]["replica_1"]
    assert check == {"ok": False, "ms": check["ms"], "required": False, "problem": "down"}


@pytest.mark.parametrize(
    "url", ["/api/v1/casualties/", "/api/v1/casualties/?format=csv", "/en/", "/tiles/hazard-areas/2/1/1.mvt"]
)
def test_a_replica_that_fails_under_a_read_is_retried_on_the_primary(failing_replica, api_client, url):
    assert reads_from(lambda: api_client.get("/api/v1/countries/"))[1] == "replica_1"  # probed: up
    failing_replica.kill()  # goes away before its next probe
    response, alias = reads_from(lambda: api_client.get(url))
    assert (response.status_code, alias) == (200, "default")
    assert _gauge("kb_replica_up", "replica_1") == 0
    # Skipped from then on, without a new attempt, until its next probe.
    failing_replica.revive()
    assert reads_from(lambda: api_client.get("/api/v1/countries/"))[1] == "default"


def test_a_replica_behind_by_more_than_the_limit_is_skipped(replica, api_client, client, monkeypatch):
    monkeypatch.setattr(replica_health, "LAG_SQL", "SELECT 3600")
    response, alias = reads_from(lambda: api_client.get("/api/v1/casualties/"))
    assert (response.status_code, alias) == (200, "default")
    assert _gauge("kb_replica_lag_seconds", "replica_0") == 3600
    assert _gauge("kb_replica_up", "replica_0") == 1

    ready = client.get("/readyz").json()
    assert ready["status"] == "degraded"
    assert ready["checks"]["replica_0"]["lag_seconds"] == 3600
    assert ready["checks"]["replica_0"]["problem"] == "lagging"


def test_a_replica_within_the_limit_serves_and_is_reported(replica, api_client, client, monkeypatch, settings):
    monkeypatch.setattr(replica_health, "LAG_SQL", "SELECT 4")
    settings.KB_REPLICA_MAX_LAG_SECONDS = 5
    assert reads_from(lambda: api_client.get("/api/v1/casualties/"))[1] == "replica_0"
    check = client.get("/readyz").json()["checks"]["replica_0"]
    assert check == {"ok": True, "ms": check["ms"], "required": False, "lag_seconds": 4}


def test_the_primary_failing_too_is_still_a_503(replica, api_client, monkeypatch):
    from django.db import OperationalError

    from api.views.reference import AreaViewSet
    from kb.models import Area

    calls = []

    def unavailable(self, request, *args, **kwargs):
        calls.append(Area.objects.all().db)  # the database this attempt reads from
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(AreaViewSet, "list", unavailable)
    response = api_client.get("/api/v1/countries/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert calls == ["replica_0", "default"]  # tried on the replica, then once on the primary

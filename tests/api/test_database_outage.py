"""While the database is unreachable the API answers 503 JSON with Retry-After, never a 500 or a stack trace.

The real outage (PostgreSQL stopped under load) is `make soak`; here the error the driver raises is injected."""

import psycopg
import pytest
from django.db import OperationalError

from api.views.casualties import CasualtyRecordViewSet
from api.views.reference import AreaViewSet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), psycopg.OperationalError("gone")])
def test_database_errors_become_503(api_client, monkeypatch, error):
    def unavailable(self, request, *args, **kwargs):
        raise error

    monkeypatch.setattr(AreaViewSet, "list", unavailable)
    response = api_client.get("/api/v1/countries/")
    assert response.status_code == 503
    assert response.json() == {"detail": "The database is unavailable; retry in a few seconds."}
    assert response["Retry-After"] == "5"


def test_other_errors_are_not_disguised(api_client, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(AreaViewSet, "list", broken)
    api_client.raise_request_exception = False
    response = api_client.get("/api/v1/countries/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error."}


@pytest.mark.parametrize("error", [psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure])
def test_a_write_conflict_is_409_not_an_outage(partner_client, monkeypatch, error):
    """Two bulk submissions locking the same cells in opposite orders deadlock: one of them was told the database
    was down. It is up; the request can be sent again at once."""

    def conflicted(self, request, *args, **kwargs):
        try:
            raise error("deadlock detected")
        except psycopg.Error as cause:
            raise OperationalError("deadlock detected") from cause

    monkeypatch.setattr(CasualtyRecordViewSet, "create", conflicted)
    response = partner_client.post("/api/v1/casualties/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Another write to the same records got in the way")
    assert response["Retry-After"] == "1"

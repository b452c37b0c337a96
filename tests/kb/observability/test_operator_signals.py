"""What an operator and a load balancer rely on: liveness without the database, readiness that fails when a part is
missing, a request id that reaches the response, the logs and PostgreSQL, and metrics only for the allowed."""

import json
import logging

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from pythonjsonlogger.json import JsonFormatter

from kb.observability.request_ids import QueryCounter, RequestIdLogFilter, current
from kb.services.workers import heartbeat_beat

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_check(client):
    heartbeat_beat("worker-1", started_at=timezone.now())  # a task worker runs (test_worker_heartbeat.py)
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "schema", "cache", "worker"}
    assert all(check["ok"] for check in body["checks"].values())


def test_readyz_is_503_naming_the_cache_when_it_does_not_keep_values(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["cache"] == {
        "ok": False,
        "ms": body["checks"]["cache"]["ms"],
        "problem": "value not read back",
    }
    assert body["checks"]["database"]["ok"] is True


def test_a_request_id_is_made_or_taken_from_the_proxy_and_sent_back(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.01")["X-Request-ID"] == "lb-7f3a.01"
    # Anything that could close the SQL comment or split a log line is replaced, not echoed.
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="x*/ DROP TABLE kb_area; --")["X-Request-ID"]
    assert replaced != "x*/ DROP TABLE kb_area; --" and len(replaced) == 32


def test_postgresql_receives_the_request_id_with_each_statement():
    counter = QueryCounter("req-42")
    with connection.execute_wrapper(counter), connection.cursor() as cursor:
        cursor.execute("SELECT current_query()")
        [sent] = cursor.fetchone()
        cursor.execute("SELECT %s::int", [1])
    assert sent.endswith("/* request_id=req-42 */")
    assert counter.count == 2


def test_log_records_carry_the_request_id_in_json():
    config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(config["format"], rename_fields=config["rename_fields"])
    token = current.set("req-77")
    try:
        record = logging.LogRecord("kb.test", logging.WARNING, __file__, 1, "database unavailable", None, None)
        RequestIdLogFilter().filter(record)
    finally:
        current.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "req-77"
    assert line["level"] == "WARNING"
    assert line["message"] == "database unavailable"


def test_metrics_count_queries_by_route_for_allowed_addresses_only(client, demo_data):
    client.get("/api/v1/countries/")
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    text = metrics.content.decode()
    assert 'kb_db_queries_per_request_count{view="country-list"}' in text
    assert 'kb_http_request_duration_seconds_count{method="GET",status="200",view="country-list"}' in text
    assert 'kb_response_cache_lookups_total{result="miss"}' in text
    assert "kb_tasks_waiting 0.0" in text
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404

"""The project's Prometheus metrics and the `/metrics` page, answered only to the addresses in KB_METRICS_ALLOWED_IPS
(loopback by default)."""

import ipaddress
import math
import os

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from kb.clients import client_address

REQUEST_SECONDS = Histogram(
    "kb_http_request_duration_seconds",
    "Time to answer a request (to the first byte of a streamed download), by view, method and status",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
DB_QUERIES = Histogram(
    "kb_db_queries_per_request",
    "SQL statements one request sent to PostgreSQL, by view",
    ["view"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200, 500),
)
RESPONSE_CACHE = Counter(
    "kb_response_cache_lookups_total",
    "Lookups in the API's response cache (api/caching.py), by result: hit or miss",
    ["result"],
)
# Read replicas (kb/routing/). The alias is the label: `default` (the primary), `replica_0`, `replica_1`, ...
DB_READS = Counter(
    "kb_db_reads_total",
    "Requests whose reads were served by this database alias (the primary is `default`)",
    ["database"],
)
# Each app server probes for itself; across gunicorn workers the latest probe's value is reported.
REPLICA_LAG = Gauge(
    "kb_replica_lag_seconds",
    "How far the replica's replay is behind the primary, at this process's latest probe",
    ["database"],
    multiprocess_mode="mostrecent",
)
REPLICA_UP = Gauge(
    "kb_replica_up",
    "1 if the replica answered this process's latest probe, 0 if it did not (lag aside: see kb_replica_lag_seconds)",
    ["database"],
    multiprocess_mode="mostrecent",
)
CACHE_ERRORS = Counter(
    "kb_cache_errors_total",
    "Cache calls that failed because the shared cache (Redis) could not be reached, by use: "
    "response_cache, rate_limit or sign_in (kb/shared_cache.py)",
    ["use"],
)


class TaskQueueCollector:
    """Tasks waiting for the worker, how long the oldest has waited and the worker's last heartbeat, read from
    PostgreSQL at each scrape, so every app server reports the same figures whichever one Prometheus asks. Left out
    while the database is down."""

    def describe(self):  # names without values: registering must not query (settings import this before the apps)
        names = ("kb_tasks_waiting", "kb_tasks_oldest_wait_seconds", "kb_worker_last_heartbeat_seconds")
        return [GaugeMetricFamily(name, "") for name in names]

    def collect(self):
        from kb.services.workers import worker_state

        try:
            state = worker_state()
        except DatabaseError:
            return
        yield GaugeMetricFamily(
            "kb_tasks_waiting", "Tasks queued and not yet taken by a worker", value=state.tasks_waiting
        )
        yield GaugeMetricFamily(
            "kb_tasks_oldest_wait_seconds",
            "Seconds the oldest waiting task has waited (0: none)",
            state.oldest_wait_seconds,
        )
        age = state.last_heartbeat_seconds
        yield GaugeMetricFamily(
            "kb_worker_last_heartbeat_seconds",
            "Seconds since a task worker (manage.py kb_worker) last wrote its heartbeat (+Inf: none is running)",
            math.inf if age is None else age,
        )


class DatabasePoolCollector:
    """psycopg's connection pools (KB_DB_POOL_MAX_SIZE) of the process that answers the scrape, by database alias:
    connections open, idle in the pool, and requests waiting for one. Nothing without a pool."""

    SERIES = {
        "kb_db_pool_connections": ("pool_size", "Connections the pool holds open, lent or idle"),
        "kb_db_pool_idle_connections": ("pool_available", "Connections idle in the pool, ready to lend"),
        "kb_db_pool_waiting_requests": ("requests_waiting", "Requests waiting for a connection of the pool"),
    }

    def describe(self):
        return [GaugeMetricFamily(name, "", labels=["alias"]) for name in self.SERIES]

    def collect(self):
        from django.db import connections

        pooled = [alias for alias in connections if connections.settings[alias].get("OPTIONS", {}).get("pool")]
        if not pooled:
            return
        stats = {alias: connections[alias].pool.get_stats() for alias in pooled}
        for name, (key, documentation) in self.SERIES.items():
            family = GaugeMetricFamily(name, documentation, labels=["alias"])
            for alias, found in stats.items():
                family.add_metric([alias], found.get(key, 0))
            yield family


def _registry():
    """This process's metrics, or with PROMETHEUS_MULTIPROC_DIR (several gunicorn workers) all workers' together."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(TaskQueueCollector())
    registry.register(DatabasePoolCollector())
    return registry


REGISTRY.register(TaskQueueCollector())
REGISTRY.register(DatabasePoolCollector())


def view_label(request) -> str:
    """A bounded label: the URL pattern's name, never the path (one series per route, not per record)."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name or match._func_path) if match else "unresolved"


def metrics_view(request):
    allowed = [ipaddress.ip_network(cidr, strict=False) for cidr in settings.KB_METRICS_ALLOWED_IPS]
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        raise Http404 from None
    if not any(address in network for network in allowed):
        raise Http404  # not a page others need to know about
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)

"""The project's own Prometheus metrics (django-prometheus adds request counts and latency by view) and the
`/metrics` page, answered only to the addresses in KB_METRICS_ALLOWED_IPS (loopback by default)."""

import ipaddress

from django.conf import settings
from django.http import Http404
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import Counter, Histogram

from kb.clients import client_address

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
    return ExportToDjangoView(request)

"""Every list endpoint runs a constant number of queries, whatever the page size (no N+1)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.urls import router

pytestmark = pytest.mark.django_db

# computed answers, not pages of stored records
COMPUTED = {"treaty-status", "obligation-standing", "coverage", "changes", "data-dictionary"}
# Export jobs are their requesters' only: an anonymous list is a 401 (tests/api/test_exports.py).
LIST_ROUTES = sorted(
    prefix
    for prefix, viewset, _ in router.registry
    if prefix not in COMPUTED and not getattr(viewset, "own_records_only", False)
)
VIEWSETS = {prefix: viewset for prefix, viewset, _ in router.registry}


def _takes_figures(prefix: str) -> bool:
    filterset = getattr(VIEWSETS[prefix], "filterset_class", None)
    return filterset is not None and "figures" in filterset.base_filters


@pytest.mark.parametrize("prefix", LIST_ROUTES)
def test_list_query_count_does_not_grow(api_client, demo_data, prefix):
    counts = []
    # The first request of a route in the process fills lookups kept for the process (the content type of its model);
    # a warm-up request leaves only what every request runs.
    api_client.get(f"/api/v1/{prefix}/", {"limit": 2})
    for limit in (1, 1000):
        cache.clear()  # each page counts its rows (the count is kept per data stamp, api/caching.py)
        with CaptureQueriesContext(connection) as queries:
            # `figures=all` widens statistics lists to every competing figure; other lists do not take it.
            widen = {"figures": "all"} if _takes_figures(prefix) else {}
            response = api_client.get(f"/api/v1/{prefix}/", {"limit": limit, **widen})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/casualties/?area=AFG",
        "/api/v1/land-release/",
        "/api/v1/hazard-areas/",
        "/tiles/hazard-areas/0/0/0.mvt",
        "/tiles/basemap/0/0/0.mvt",
    ],
)
def test_a_read_sends_its_statements_without_the_history_context(api_client, demo_data, path):
    """pghistory's context is for writes: it prefixes every statement that does not begin with SELECT with two
    set_config calls and a JSON text. A page's and a tile's statements begin with SELECT, so reads send none."""
    cache.clear()  # a tile kept from an earlier test would be answered without its statement
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(path)
    assert response.status_code == 200
    assert queries.captured_queries
    assert not [query["sql"][:120] for query in queries.captured_queries if "pghistory.context" in query["sql"]]

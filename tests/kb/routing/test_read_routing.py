"""Where a request's reads go: every API route, read by an anonymous client, a partner token and staff signed in;
writes; a partner's own reads just after its write (read-your-writes) and another partner's."""

import time

import pytest

from api.urls import router
from tests.kb.routing.conftest import DATABASES, reads_from

pytestmark = pytest.mark.django_db(databases=DATABASES)

FIGURE = {"country_code": "XKX", "period": "2024", "total": 7, "killed": 2, "injured": 5, "source": "lm2023-impact"}
PREFIXES = [prefix for prefix, _, _ in router.registry]
# Read on the primary whoever asks: the change feed judges there which changes are settled (kb/selectors/settled.py).
ON_PRIMARY = {"/api/v1/changes/"}


def _detail_key(viewset, rows) -> str | None:
    if not rows or not isinstance(rows[0], dict):
        return None
    field = {"pk": "id"}.get(viewset.lookup_field, viewset.lookup_field)
    value = rows[0].get(field, rows[0].get("iso3"))
    return None if value is None else str(value)


def _urls(client) -> list[str]:
    """Each route's list, and the detail of its first row where it has details."""
    urls = []
    for prefix, viewset, _ in router.registry:
        urls.append(f"/api/v1/{prefix}/")
        if hasattr(viewset, "retrieve"):
            body = client.get(f"/api/v1/{prefix}/").json()
            key = _detail_key(viewset, body.get("results", []) if isinstance(body, dict) else body)
            if key:
                urls.append(f"/api/v1/{prefix}/{key}/")
    return urls


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", "replica_0"), ("partner", "replica_0"), ("staff", "default")]
)
def test_every_route_reads_from_the_replica_unless_staff(replica, role, expected, api_client, partner_client, request):
    client = {"anonymous": api_client, "partner": partner_client}.get(role) or request.getfixturevalue(
        "session_staff_client"
    )
    served, listed = {}, []
    for url in _urls(client):
        response, alias = reads_from(lambda url=url: client.get(url))
        assert response.status_code < 500, (url, response.content[:200])
        if url in ON_PRIMARY:
            assert alias == "default", url
            continue
        served[url] = alias
        if response.status_code == 200 and url.count("/") == 4 and "data-dictionary" not in url:
            listed.append(url)
    assert {alias for alias in served.values() if alias is not None} == {expected}, served
    # Every list answered reads data (its ETag at least): none is left out by reading nothing.
    assert len(listed) >= len(PREFIXES) - 3 - len(ON_PRIMARY)
    assert {served[url] for url in listed} == {expected}, served


@pytest.mark.parametrize(("role", "expected"), [("anonymous", "replica_0"), ("staff", "default")])
def test_a_map_tile_reads_where_the_api_does(replica, role, expected, api_client, request):
    """Tiles have a middleware chain of their own (api/tile_chain.py) with the same routing."""
    client = api_client if role == "anonymous" else request.getfixturevalue("session_staff_client")
    response, alias = reads_from(lambda: client.get("/tiles/hazard-areas/2/1/1.mvt"))
    assert (response.status_code, alias) == (200, expected)


def test_without_replicas_every_read_is_the_primarys(api_client, partner_client):
    for client in (api_client, partner_client):
        assert reads_from(lambda client=client: client.get("/api/v1/casualties/"))[1] == "default"


def test_writes_read_from_the_primary_and_pin_the_writer_there(replica, make_token, settings):
    settings.KB_READ_YOUR_WRITES_SECONDS = 60  # long enough that a slow machine cannot outlive it mid-test
    _, writer = make_token()
    _, other = make_token(scopes=["read"])
    created, alias = reads_from(lambda: writer.post("/api/v1/casualties/", FIGURE, format="json"))
    assert created.status_code == 201 and alias == "default"
    url = f"/api/v1/casualties/{created.json()['id']}/"

    # The writer sees its draft at once: its reads are on the primary, which has it.
    response, alias = reads_from(lambda: writer.get(url))
    assert (response.status_code, alias) == (200, "default")
    assert reads_from(lambda: other.get("/api/v1/casualties/"))[1] == "replica_0"

    patched, alias = reads_from(
        lambda: writer.patch(url, {"total": 8}, format="json", headers={"If-Match": created["ETag"]})
    )
    assert (patched.status_code, alias) == (200, "default")
    assert reads_from(lambda: writer.get(url))[1] == "default"


def test_the_pin_expires(replica, make_token, settings):
    settings.KB_READ_YOUR_WRITES_SECONDS = 1
    _, writer = make_token()
    assert writer.post("/api/v1/casualties/", FIGURE, format="json").status_code == 201
    time.sleep(1.1)
    assert reads_from(lambda: writer.get("/api/v1/casualties/"))[1] == "replica_0"


def test_a_refused_write_does_not_pin(replica, make_token):
    _, client = make_token(scopes=["read"])
    assert client.post("/api/v1/casualties/", FIGURE, format="json").status_code == 403
    assert reads_from(lambda: client.get("/api/v1/casualties/"))[1] == "replica_0"


def test_the_pin_is_kept_under_a_hash_of_the_token_never_the_token(replica, make_token):
    from django.core.cache import cache

    from kb.routing.reads import PIN_PREFIX

    _, client = make_token()
    key = client.defaults["HTTP_AUTHORIZATION"].split()[1]
    assert client.post("/api/v1/casualties/", FIGURE, format="json").status_code == 201
    pins = [k for k in cache._cache if PIN_PREFIX in k]
    assert pins and not any(key in k for k in pins)

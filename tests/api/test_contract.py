"""The contract every record resource keeps, driven by the router: a resource added to `api/urls.py` is held to it
without a line here. List and detail in every format the route offers, conditional GET, what an anonymous reader
sees, refused writes and refused parameters. Each response is also checked against the OpenAPI document
(tests/api/conftest.py)."""

import pytest

from api.urls import router
from api.views.base import ReadOnlyViewSet
from kb.models.base import ReviewableModel

# (prefix, viewset) of every resource that lists stored records; computed routes (treaty status, coverage, the
# change feed, the data dictionary, releases) have contracts of their own in their test modules.
RESOURCES = [(prefix, viewset) for prefix, viewset, _ in router.registry if issubclass(viewset, ReadOnlyViewSet)]
IDS = [prefix for prefix, _ in RESOURCES]
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "hxl": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}

pytestmark = pytest.mark.usefixtures("one_of_each")


def _formats(viewset) -> list[str]:
    offered = [renderer.format for renderer in viewset.renderer_classes if renderer.format != "api"]
    return [*offered, "geojson"] if viewset.geo else offered


def _rows(response) -> list[dict]:
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def _first(api_client, prefix, viewset) -> str:
    rows = _rows(api_client.get(f"/api/v1/{prefix}/"))
    assert rows, f"{prefix}: the demo data and one_of_each give every resource a public record"
    # A country's `code` is its ISO3 in the body; elsewhere the lookup field is a field of the same name.
    field = {"pk": "id"}.get(viewset.lookup_field, viewset.lookup_field)
    return str(rows[0][field] if field in rows[0] else rows[0]["iso3"])


@pytest.mark.parametrize(("prefix", "viewset"), RESOURCES, ids=IDS)
def test_list_and_detail_answer_in_every_format_offered(api_client, prefix, viewset):
    key = _first(api_client, prefix, viewset)
    for fmt in _formats(viewset):
        for url in (f"/api/v1/{prefix}/", f"/api/v1/{prefix}/{key}/"):
            if fmt in ("csv", "hxl", "xlsx") and url.endswith(f"/{key}/"):
                continue  # downloads are of lists
            response = api_client.get(url, {"format": fmt})
            assert response.status_code == 200, (url, fmt, response.content[:300])
            assert response["Content-Type"].startswith(MEDIA_TYPES[fmt]), (url, fmt, response["Content-Type"])


@pytest.mark.parametrize(("prefix", "viewset"), RESOURCES, ids=IDS)
def test_list_and_detail_answer_304_to_their_own_etag(api_client, prefix, viewset):
    key = _first(api_client, prefix, viewset)
    for url in (f"/api/v1/{prefix}/", f"/api/v1/{prefix}/{key}/"):
        first = api_client.get(url)
        assert first.has_header("ETag"), url
        again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""


@pytest.mark.parametrize(("prefix", "viewset"), RESOURCES, ids=IDS)
def test_an_anonymous_reader_lists_exactly_the_published_records(api_client, prefix, viewset):
    model = viewset.queryset.model
    if not issubclass(model, ReviewableModel):
        pytest.skip(f"{prefix}: reference data has no review status")
    published = model._default_manager.filter(status="published").values_list("pk", flat=True)
    downloaded = api_client.get(
        f"/api/v1/{prefix}/", {"format": "csv", "figures": "all"} if _is_statistic(viewset) else {"format": "csv"}
    )
    ids = {int(line.split(b",", 1)[0]) for line in downloaded.getvalue().splitlines()[1:] if line[:1].isdigit()}
    assert ids == set(published)


def _is_statistic(viewset) -> bool:
    return "figures" in (viewset.filterset_class.base_filters if viewset.filterset_class else ())


@pytest.mark.parametrize(("prefix", "viewset"), RESOURCES, ids=IDS)
def test_anonymous_writes_are_refused(api_client, prefix, viewset):
    key = _first(api_client, prefix, viewset)
    for method, url in (("post", f"/api/v1/{prefix}/"), ("patch", f"/api/v1/{prefix}/{key}/")):
        response = getattr(api_client, method)(url, {}, format="json")
        assert response.status_code in (401, 403, 405), (method, url, response.status_code)


@pytest.mark.parametrize(("prefix", "viewset"), RESOURCES, ids=IDS)
def test_unknown_parameters_and_formats_are_400s_naming_them(api_client, prefix, viewset):
    unknown = api_client.get(f"/api/v1/{prefix}/", {"colour": "red"})
    assert unknown.status_code == 400
    assert "colour" in unknown.content.decode()
    unoffered = api_client.get(f"/api/v1/{prefix}/", {"format": "pdf"})
    assert unoffered.status_code == 400
    assert "pdf" in unoffered.content.decode()

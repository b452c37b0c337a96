"""Content negotiation that GIS tools and strict clients survive: ?format= wins over Accept, GeoJSON only where a
geometry is served, JSON errors for every method (also without the trailing slash)."""

import datetime as dt

import pytest
from django.test import Client, override_settings

from kb.models import CasualtyRecord
from tests.factories import AreaFactory, CasualtyRecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

GDAL_ACCEPT = "text/plain, application/json"  # what GDAL's GeoJSON driver sends with its request


def test_format_wins_over_the_accept_header(api_client):
    response = api_client.get("/api/v1/casualties/", {"format": "geojson"}, HTTP_ACCEPT=GDAL_ACCEPT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response.json()["type"] == "FeatureCollection"
    csv = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "format": "csv"}, HTTP_ACCEPT="application/json")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")


def test_a_geojson_page_holds_up_to_the_page_size_limit(api_client):
    area = AreaFactory(code="XGP", latitude=50, longitude=30)
    for year in range(1950, 2010):
        CasualtyRecordFactory(area=area, period_start=dt.date(year, 1, 1))
    query = {"area": "XGP"}

    collection = api_client.get("/api/v1/casualties/", {**query, "format": "geojson"}).json()
    assert len(collection["features"]) == 60
    assert len(api_client.get("/api/v1/casualties/", query).json()["results"]) == 50
    three = api_client.get("/api/v1/casualties/", {**query, "format": "geojson", "limit": 3}).json()
    assert len(three["features"]) == 3


def test_a_statistics_detail_in_geojson_is_a_feature_at_its_place(api_client):
    record = CasualtyRecord.objects.published().filter(area__code="UKR", admin_area=None).first()

    response = api_client.get(f"/api/v1/casualties/{record.pk}/", HTTP_ACCEPT="application/geo+json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert (body["type"], body["id"], body["properties"]["id"]) == ("Feature", record.pk, record.pk)
    assert body["geometry"] == {
        "type": "Point",
        "coordinates": [float(record.area.longitude), float(record.area.latitude)],
    }


NO_GEOMETRY = ["/api/v1/casualties/summary/", "/api/v1/countries/", "/api/v1/countries/POL/profile/"]


@pytest.mark.parametrize("path", NO_GEOMETRY)
def test_geojson_where_no_geometry_is_served_is_refused_naming_the_formats(api_client, path):
    by_format = api_client.get(path, {"format": "geojson"})
    assert by_format.status_code == 400
    assert by_format["Content-Type"] == "application/json"
    [message] = by_format.json()["format"]
    offered = message.removeprefix("Format 'geojson' is not offered here; use one of: ").rstrip(".").split(", ")
    assert {"csv", "json"} <= set(offered) and "geojson" not in offered, message

    by_accept = api_client.get(path, HTTP_ACCEPT="application/geo+json")
    assert by_accept.status_code == 406
    assert by_accept["Content-Type"] == "application/json"
    detail = by_accept.json()["detail"]
    assert detail.startswith("No media type in the Accept header is offered here; offered: application/json, text/csv")
    assert "geo+json" not in detail and "?format=csv, hxl, json" in detail


def test_hazard_remaining_is_no_geojson_nor_geopackage(api_client):
    for fmt in ("geojson", "gpkg"):
        response = api_client.get("/api/v1/hazard-areas/remaining/", {"format": fmt})
        assert response.status_code == 400, fmt
        assert "is not offered here" in response.json()["format"][0]


WRITES = ["post", "put", "patch", "delete"]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("method", WRITES)
def test_a_write_without_the_trailing_slash_is_a_json_404_naming_the_url(api_client, method, debug):
    with override_settings(DEBUG=debug):
        response = getattr(api_client, method)("/api/v1/casualties", {"total": 1}, format="json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Not found: API routes end with a slash; send this request to /api/v1/casualties/"
    }


def test_a_read_without_the_trailing_slash_is_redirected(api_client):
    response = api_client.get("/api/v1/casualties", {"area": "UKR"})

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/casualties/?area=UKR"


API_PATHS = [
    "/api/v1/casualties/",
    "/api/v1/casualties",
    "/api/v1/casualties/1/",
    "/api/v1/casualties/summary",
    "/api/v1/treaty-status/",
    "/api/v1/nothing-here/",
    "/api/v1/nothing-here",
    "/api/schema/",
    "/api/docs/",
    "/api/redoc/",
    "/api/redoc/redoc.standalone.js",
    "/api/nothing",
]


@pytest.mark.parametrize("path", API_PATHS)
@pytest.mark.parametrize("method", ["get", "head", "options", *WRITES])
def test_every_method_and_api_path_answers_json_errors_never_a_500(path, method):
    browser = Client(enforce_csrf_checks=True)  # as a browser with a session would be checked
    response = getattr(browser, method)(path)

    assert response.status_code < 500
    if response.status_code >= 400 and method != "head":
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json() or response.status_code == 400

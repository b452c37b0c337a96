"""The OpenAPI schema and the offline documentation pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_schema_renders_with_every_route(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for route in (
        "countries",
        "admin-areas",
        "organisations",
        "sources",
        "treaties",
        "treaty-actions",
        "treaty-status",
    ):
        assert f"/api/v1/{route}/" in paths
    status_params = {p["name"] for p in paths["/api/v1/treaty-status/"]["get"]["parameters"]}
    assert {"treaty", "on", "area", "status"} <= status_params


def test_swagger_ui_loads_assets_locally(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


def test_redoc_loads_assets_locally(client):
    page = client.get("/api/redoc/").content.decode()
    assert '<script src="/api/redoc/redoc.standalone.js">' in page
    bundle = client.get("/api/redoc/redoc.standalone.js")
    assert bundle.status_code == 200 and bundle["Content-Type"] == "text/javascript; charset=utf-8"
    assert b"Redoc" in bundle.content and b"cdn.redoc.ly" not in bundle.content

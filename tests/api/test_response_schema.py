"""The response validation that every API test runs through (tests/api/conftest.py) catches what it must."""

import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from kb.services.export_jobs import export_job_create
from kb.services.releases import release_publish
from tests.api.response_schema import ResponseNotInSchema, response_check

pytestmark = pytest.mark.django_db


def _answer(path: str, body, status: int = 200, query: str = "") -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response.wsgi_request = RequestFactory().get(path + query)
    return response


@pytest.fixture
def country(api_client) -> dict:
    return api_client.get("/api/v1/countries/POL/").json()


def test_a_response_as_documented_passes(openapi_schema, country):
    response_check(openapi_schema, _answer("/api/v1/countries/POL/", country))


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"iso3": None}, "None is not of type 'string'"),
        ({"kind": "planet"}, "'planet' is not one of"),
        ({"latitude": "52"}, "'52' is not of type"),
    ],
    ids=["null where not nullable", "unknown choice", "wrong type"],
)
def test_a_response_unlike_the_schema_fails(openapi_schema, country, changes, complaint):
    with pytest.raises(ResponseNotInSchema, match=complaint):
        response_check(openapi_schema, _answer("/api/v1/countries/POL/", {**country, **changes}))


def test_a_missing_required_field_fails(openapi_schema, country):
    del country["iso3"]
    with pytest.raises(ResponseNotInSchema, match="'iso3' is a required property"):
        response_check(openapi_schema, _answer("/api/v1/countries/POL/", country))


def test_an_undocumented_status_fails(openapi_schema):
    with pytest.raises(ResponseNotInSchema, match="Unknown response http status: 410"):
        response_check(openapi_schema, _answer("/api/v1/countries/POL/", {"detail": "Gone."}, 410))


def test_a_path_without_an_operation_fails(openapi_schema):
    with pytest.raises(ResponseNotInSchema, match="Path not found"):
        response_check(openapi_schema, _answer("/api/v1/no-such-route/", {"detail": "Found."}, 200))


def test_a_nested_object_may_be_null_where_the_serializer_allows_it(openapi_schema, api_client):
    # A national figure has no admin area: `admin_area` is null, which the schema allows (it did not in OpenAPI 3.0).
    page = api_client.get("/api/v1/casualties/", {"national": "true", "limit": 1}).json()
    assert page["results"][0]["admin_area"] is None


def test_field_selection_is_left_out_on_purpose(openapi_schema):
    response_check(openapi_schema, _answer("/api/v1/countries/POL/", {"name": "Poland"}, query="?fields=name"))


REQUIRED_QUERY = {"treaty": "APMBC"}
LOOKUPS = ("id", "slug", "code", "pcode", "iso3", "resource", "name", "other")


def _path_value(api_client, path: str, name: str):
    """A value for {name} in `path`: Poland for countries, else the first record of the route's list."""
    if name == "iso3":
        return "POL"
    if name == "resource":
        return "casualties"
    if name == "other":
        name = "name"  # a release compared with itself
    listing = api_client.get(path.split("{")[0], {"limit": 1}).json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    return rows[0][name] if rows else None


@pytest.fixture
def a_release(one_of_each):
    release_publish(name="2026-01", title="A release to read")


@pytest.fixture
def an_export(staff_user, media_root, run_tasks):
    """A finished export job of the staff member's (its routes need credentials)."""
    export_job_create(resource="countries", fmt="csv", query="", by=staff_user)
    run_tasks()


@pytest.mark.usefixtures("a_release", "an_export")
@pytest.mark.django_db(databases=["default", "progress"])
def test_every_read_route_answers_as_the_schema_says(api_client, staff_client, openapi_document):
    """Every GET operation of the schema on the demo data, in JSON, so that a route no other test reaches is validated
    too (tests/api/conftest.py validates every answer). Routes that need credentials are asked by a staff member."""
    paths = openapi_document["paths"]
    answered = []
    for path, operations in paths.items():
        if "get" not in operations:
            continue
        client = api_client if {} in operations["get"].get("security", [{}]) else staff_client
        params = {p["name"] for p in operations["get"].get("parameters", ()) if p.get("required")}
        url = path
        for name in [n for n in LOOKUPS if f"{{{n}}}" in path]:
            value = _path_value(client, path, name)
            if value is None:
                break
            url = url.replace(f"{{{name}}}", str(value))
        if "{" in url:
            continue  # no record to name in the demo data
        query = {name: REQUIRED_QUERY[name] for name in params if name in REQUIRED_QUERY}
        response = client.get(url, query)
        assert response.status_code == 200, (url, response.content[:300])
        answered.append(path)
    assert sorted({p for p, ops in paths.items() if "get" in ops} - set(answered)) == []

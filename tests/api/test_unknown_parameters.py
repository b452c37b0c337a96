"""Every API route answers an unknown query parameter with a 400 naming it, never with everything."""

import pytest

pytestmark = pytest.mark.django_db

ROUTES = [
    "/api/v1/countries/",
    "/api/v1/countries/POL/",
    "/api/v1/countries/POL/profile/",
    "/api/v1/admin-areas/",
    "/api/v1/organisations/",
    "/api/v1/sources/",
    "/api/v1/treaties/",
    "/api/v1/treaty-actions/",
    "/api/v1/armed-conflicts/",
    "/api/v1/treaty-status/?treaty=APMBC",
    "/api/v1/treaty-status/POL/?treaty=APMBC",
    "/api/v1/casualties/",
    "/api/v1/casualties/summary/",
    "/api/v1/contamination/",
    "/api/v1/land-release/",
    "/api/v1/stockpiles/",
    "/api/v1/production/",
    "/api/v1/use-reports/",
    "/api/v1/programmes/",
    "/api/v1/funding/",
    "/api/v1/coverage/",
    "/api/v1/changes/",
]


@pytest.mark.parametrize("route", ROUTES)
def test_an_unknown_parameter_is_a_400_naming_it(api_client, route):
    joiner = "&" if "?" in route else "?"
    response = api_client.get(f"{route}{joiner}colour=red")
    assert response.status_code == 400, route
    body = response.json()
    assert list(body) == ["colour"]
    assert body["colour"][0].startswith("Unknown parameter; this route takes: ")


def test_a_misspelt_filter_no_longer_returns_everything(api_client):
    response = api_client.get("/api/v1/casualties/", {"yaer": 2020, "area": "WLD"})
    assert response.status_code == 400
    assert "year" in response.json()["yaer"][0] and "area" in response.json()["yaer"][0]
    assert api_client.get("/api/v1/casualties/", {"year": 2020, "area": "WLD", "format": "csv"}).status_code == 200


def test_documented_parameters_are_still_taken(api_client):
    ok = [
        ("/api/v1/casualties/", {"limit": 2, "offset": 1, "ordering": "year", "fields": "id", "lang": "uk"}),
        ("/api/v1/casualties/", {"pagination": "cursor", "as_of": "2026-01-01", "figures": "all"}),
        ("/api/v1/casualties/summary/", {"group_by": "year", "area": "WLD", "year__gte": 2016}),
        ("/api/v1/countries/POL/profile/", {"on": "2026-03-01"}),
        ("/api/v1/coverage/", {"year__gte": 2020, "area": "POL"}),
        ("/api/v1/changes/", {"since": "2026-01-01", "limit": 5}),
        ("/api/v1/treaty-status/", {"treaty": "APMBC", "on": "2026-03-01", "status": "withdrawn"}),
    ]
    for route, params in ok:
        assert api_client.get(route, params).status_code == 200, (route, params)


def test_a_method_the_route_does_not_answer_is_still_405(api_client):
    response = api_client.get("/api/v1/casualties/bulk/", {"colour": "red"})
    assert response.status_code == 405


def test_a_summary_refuses_ordering_which_it_would_not_apply(api_client):
    """Its groups come in their own order: `ordering` was accepted and ignored."""
    for path in ("/api/v1/casualties/summary/", "/api/v1/hazard-areas/remaining/"):
        response = api_client.get(path, {"ordering": "-total"})
        assert response.status_code == 400 and "ordering" in str(response.json()), path
    assert api_client.get("/api/v1/casualties/", {"ordering": "-total"}).status_code == 200

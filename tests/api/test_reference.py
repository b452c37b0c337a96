"""countries, admin-areas, organisations and sources endpoints."""

import pytest
from rest_framework.test import APIClient

from tests.factories import AdminAreaFactory, AreaFactory

pytestmark = pytest.mark.django_db


def test_country_detail_by_iso3_with_translated_names(api_client, demo_data):
    body = api_client.get("/api/v1/countries/POL/").json()
    assert body == {
        "iso3": "POL",
        "iso2": "PL",
        "kind": "country",
        "name": "Poland",
        "name_en": "Poland",
        "name_uk": "Польща",
        "name_ru": "Польша",
        "latitude": 52.0,
        "longitude": 20.0,
    }


def test_country_name_follows_accept_language(demo_data):
    client = APIClient(headers={"Accept-Language": "uk"})
    assert client.get("/api/v1/countries/UKR/").json()["name"] == "Україна"


def test_country_search_in_any_language_and_kind(api_client, demo_data):
    found = api_client.get("/api/v1/countries/", {"q": "Польша"}).json()["results"]
    assert [c["iso3"] for c in found] == ["POL"]
    territories = api_client.get("/api/v1/countries/", {"kind": "territory"}).json()["results"]
    assert {c["iso3"] for c in territories} == {"XKX", "XNK", "XSL"}


def test_countries_list_is_paginated(api_client, demo_data):
    body = api_client.get("/api/v1/countries/", {"limit": 10, "offset": 20}).json()
    assert body["count"] == 254
    assert len(body["results"]) == 10
    assert body["next"] and body["previous"]


def test_limit_is_capped(api_client, demo_data):
    assert len(api_client.get("/api/v1/countries/", {"limit": 100000}).json()["results"]) == 254  # max 1000


def test_unknown_country_is_404_json(api_client, demo_data):
    response = api_client.get("/api/v1/countries/ZZZ/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_admin_areas_filter_by_country(api_client):
    ukraine = AreaFactory(code="UKR", kind="country", name="Ukraine")
    oblast = AdminAreaFactory(pcode="UA14", name="Donetska", area=ukraine)
    AdminAreaFactory(pcode="UA1402", name="Bakhmutskyi", area=ukraine, level=2, parent=oblast)
    AdminAreaFactory()
    body = api_client.get("/api/v1/admin-areas/", {"area": "UKR", "level": 2}).json()
    assert [(a["pcode"], a["parent"], a["area"]["iso3"]) for a in body["results"]] == [("UA1402", "UA14", "UKR")]
    assert api_client.get("/api/v1/admin-areas/UA14/").json()["name"] == "Donetska"


def test_organisations_filter_and_shape(api_client, demo_data):
    [belma] = api_client.get("/api/v1/organisations/", {"kind": "producer", "country": "POL"}).json()["results"]
    assert belma["name"] == "Belma"
    assert belma["country"] == {"iso3": "POL", "name": "Poland"}


def test_sources_by_slug_and_filters(api_client, demo_data):
    source = api_client.get("/api/v1/sources/hrw-lm2025-miragenews/").json()
    assert source["url"] == "https://www.miragenews.com/urgent-call-strengthen-landmine-ban-1580664"
    polish = api_client.get("/api/v1/sources/", {"language": "pl"}).json()["results"]
    assert [s["slug"] for s in polish] == ["poland-sejm-withdrawal-2025"]
    assert api_client.get("/api/v1/sources/", {"published_on__gte": "yesterday"}).status_code == 400


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_cannot_write(api_client, demo_data, method):
    response = getattr(api_client, method)("/api/v1/countries/POL/", {}, format="json")
    assert response.status_code in (401, 403, 405)
    assert response.status_code != 500


def test_anonymous_reads_are_throttled(settings, demo_data):
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    cache.clear()
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/minute"}
    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = rates
    try:
        client = APIClient()
        codes = [client.get("/api/v1/treaties/").status_code for _ in range(4)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert codes == [200, 200, 200, 429]

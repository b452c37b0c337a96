"""Pages of up to 10,000 rows when the client asks (HDX HAPI's limit); the default page is unchanged."""

from urllib.parse import parse_qs, urlsplit

import pytest
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT, KeysetPagination, LimitOffsetPagination

pytestmark = pytest.mark.django_db


def _limit_in(link: str) -> int:
    return int(parse_qs(urlsplit(link).query)["limit"][0])


@pytest.mark.parametrize(("asked", "served"), [(1000, 1000), (1001, 1001), (10000, 10000), (10001, 10000)])
def test_a_page_holds_up_to_ten_thousand_rows_and_a_larger_limit_gives_ten_thousand(demo_data, asked, served):
    response = APIClient().get("/api/v1/casualties/", {"figures": "all", "limit": asked, "offset": 1})
    assert response.status_code == 200
    body = response.json()
    assert _limit_in(body["previous"]) == served
    assert len(body["results"]) == body["count"] - 1  # the whole list fits one page


def test_the_default_page_and_the_bounds_hold_for_both_paginations():
    factory = APIRequestFactory()
    assert LimitOffsetPagination().get_limit(Request(factory.get("/"))) == DEFAULT_LIMIT == 50
    for pagination, read in ((LimitOffsetPagination(), "get_limit"), (KeysetPagination(), "get_page_size")):
        assert getattr(pagination, read)(Request(factory.get("/", {"limit": "10000"}))) == MAX_LIMIT == 10000
        assert getattr(pagination, read)(Request(factory.get("/", {"limit": "10001"}))) == MAX_LIMIT


def test_a_geojson_page_still_holds_a_thousand_features_unless_limit_says_otherwise(demo_data):
    client = APIClient()
    response = client.get("/api/v1/casualties/", {"figures": "all", "format": "geojson", "offset": 1})
    assert _limit_in(response.json()["links"]["previous"]) == 1000
    response = client.get("/api/v1/casualties/", {"figures": "all", "format": "geojson", "offset": 1, "limit": 5000})
    assert _limit_in(response.json()["links"]["previous"]) == 5000

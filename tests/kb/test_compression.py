"""Brotli and gzip for every text response, streamed CSV and HXL included, chosen by Accept-Encoding."""

import gzip

import brotli
import pytest

from kb.compression import accepted_encoding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

CSV = "/api/v1/casualties/?figures=all&format=csv"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_streamed_csv_is_brotli_when_asked(api_client):
    plain = api_client.get(CSV)
    compressed = api_client.get(CSV, HTTP_ACCEPT_ENCODING="br")

    assert compressed.status_code == 200
    assert compressed.streaming
    assert compressed["Content-Encoding"] == "br"
    assert "Accept-Encoding" in compressed["Vary"]
    assert not compressed.has_header("Content-Length")
    original = body(plain)
    assert original.startswith(b"id,version,country_code,")
    packed = body(compressed)
    assert brotli.decompress(packed) == original
    assert len(packed) < len(original) / 3


def test_hxl_is_gzip_when_only_gzip_is_accepted(api_client):
    plain = body(api_client.get("/api/v1/casualties/?format=hxl"))

    response = api_client.get("/api/v1/casualties/?format=hxl", HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(body(response)) == plain


@pytest.mark.parametrize(
    "path",
    ["/api/v1/casualties/", "/api/v1/casualties/?format=geojson", "/api/v1/casualties/summary/", "/api/schema/"],
)
def test_json_geojson_and_the_schema_are_compressed(api_client, path):
    plain = api_client.get(path)

    response = api_client.get(path, HTTP_ACCEPT_ENCODING="gzip, br")

    assert response["Content-Encoding"] == "br"
    assert response["Content-Type"] == plain["Content-Type"]
    assert brotli.decompress(response.content) == plain.content


def test_without_accept_encoding_nothing_is_compressed_but_caches_are_told_it_varies(api_client):
    response = api_client.get("/api/v1/casualties/")

    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]
    assert response.json()["results"]


@pytest.mark.parametrize(("who", "path"), [("client", "/en/"), ("admin_client", "/admin/")])
def test_pages_that_depend_on_the_cookie_are_gzip_only(request, who, path):
    """Such pages carry CSRF tokens: gzip, with Django's BREACH padding, never Brotli."""
    browser = request.getfixturevalue(who)

    response = browser.get(path, HTTP_ACCEPT_ENCODING="br, gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
    assert not browser.get(path, HTTP_ACCEPT_ENCODING="br").has_header("Content-Encoding")


def test_a_binary_download_is_left_as_it_is(api_client):
    response = api_client.get("/api/v1/hazard-areas/?format=gpkg", HTTP_ACCEPT_ENCODING="br, gzip")

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert response.content.startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("br", "br"),
        ("gzip", "gzip"),
        ("gzip, br", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("br;q=0, gzip;q=0", None),
        ("*", "br"),
        ("*, br;q=0", "gzip"),
        ("identity", None),
        ("", None),
        ("br;q=nonsense, gzip;q=0.1", "gzip"),
    ],
)
def test_accept_encoding_is_read_with_its_q_values(header, expected):
    assert accepted_encoding(header, offered=("br", "gzip")) == expected

"""releases/: listed, downloadable as one zip, compared; frozen; every download carries the licence."""

import base64
import hashlib
import io
import zipfile

import pytest

from kb.models import CasualtyRecord
from kb.services.releases import release_publish
from tests.factories import CasualtyRecordFactory

pytestmark = pytest.mark.django_db
LICENCE_LINK = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


def test_releases_are_listed_newest_first_with_checksums_licence_and_citation(api_client):
    release_publish(name="2026-11")
    release_publish(name="2026-12")
    response = api_client.get("/api/v1/releases/")
    assert response.status_code == 200
    assert response.json()["count"] == 2
    [newest, older] = response.json()["results"]
    assert (newest["name"], older["name"]) == ("2026-12", "2026-11")
    assert newest["archive"].endswith("/api/v1/releases/2026-12/archive/")
    assert newest["license"]["name"] == "CC-BY-4.0"
    assert "release 2026-12" in newest["citation"]
    casualties = next(r for r in newest["resources"] if r["name"] == "casualties")
    assert casualties["rows"] > 0 and len(casualties["sha256"]) == 64


def test_archive_downloads_as_the_stored_zip_with_licence_link_and_etag(api_client):
    release = release_publish(name="2026-12")
    response = api_client.get("/api/v1/releases/2026-12/archive/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Link"] == LICENCE_LINK
    assert response["ETag"] == f'"{release.archive_sha256}"'
    digest = base64.b64decode(response["Repr-Digest"].removeprefix("sha-256=:").removesuffix(":"))
    assert digest == hashlib.sha256(response.content).digest()
    assert response.content == bytes(release.archive)
    assert "landmine-impact-kb-2026-12/datapackage.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    again = api_client.get("/api/v1/releases/2026-12/archive/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_diff_between_two_releases(api_client):
    changed = CasualtyRecordFactory()
    release_publish(name="a")
    CasualtyRecord.objects.filter(pk=changed.pk).update(total=77)
    added = CasualtyRecordFactory()
    release_publish(name="b")
    response = api_client.get("/api/v1/releases/a/diff/b/")
    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"]) == ("a", "b")
    assert body["resources"]["casualties"] == {"added": [added.pk], "changed": [changed.pk], "retracted": []}
    backwards = api_client.get("/api/v1/releases/b/diff/a/").json()["resources"]["casualties"]
    assert backwards == {"added": [], "changed": [changed.pk], "retracted": [added.pk]}


@pytest.mark.parametrize(
    "url", ["/api/v1/releases/nope/", "/api/v1/releases/nope/archive/", "/api/v1/releases/a/diff/nope/"]
)
def test_unknown_releases_are_json_404s(api_client, url):
    release_publish(name="a")
    response = api_client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_releases_cannot_be_written_through_the_api(staff_client):
    release_publish(name="a")
    assert staff_client.post("/api/v1/releases/", {"name": "b"}, format="json").status_code in (403, 405)
    assert staff_client.delete("/api/v1/releases/a/").status_code in (403, 405)


def test_csv_downloads_carry_the_licence_link(api_client):
    streamed = api_client.get("/api/v1/casualties/", {"format": "csv"})
    assert streamed.status_code == 200 and streamed["Link"] == LICENCE_LINK
    computed = api_client.get("/api/v1/casualties/summary/", {"format": "csv", "area": "WLD"})
    assert computed.status_code == 200 and computed["Link"] == LICENCE_LINK
    assert "Link" not in api_client.get("/api/v1/casualties/", {"limit": 1})  # JSON pages name it in the schema


def test_the_schema_names_the_licence_and_links_the_data_dictionary(api_client):
    info = api_client.get("/api/schema/", {"format": "json"}).json()
    assert info["info"]["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert info["externalDocs"]["url"].endswith("/api/v1/data-dictionary/")  # absolute: OpenAPI wants a URI

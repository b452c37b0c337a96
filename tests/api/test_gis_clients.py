"""GIS clients open the API's GeoJSON URLs as they are: GDAL's ogrinfo (Debian's gdal-bin, installed by
scripts/gis.sh) against a real HTTP server, with GDAL's own Accept header and compression.

The server is Django's LiveServerThread, as pytest-django's `live_server` runs it, serving the demo data the session
loaded and committed: `live_server` itself would make the test transactional, and the flush after it would erase that
data for every later test."""

import re
import shutil
import subprocess

import pytest
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from kb.models import CasualtyRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


@pytest.fixture
def server_url():
    thread = LiveServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


def ogrinfo(url: str) -> str:
    assert shutil.which("ogrinfo"), "ogrinfo is missing: scripts/gis.sh installs Debian's gdal-bin"
    return subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", url], check=True, capture_output=True, text=True, timeout=120
    ).stdout


def test_ogrinfo_opens_a_geojson_list_url(server_url):
    published = CasualtyRecord.objects.published().filter(is_preferred=True).count()

    info = ogrinfo(f"{server_url}/api/v1/casualties/?format=geojson")

    assert "Geometry: Point" in info
    assert re.search(r"^Feature Count: (\d+)$", info, re.M).group(1) == str(published)
    assert "total: Integer" in info


def test_ogrinfo_opens_a_filtered_list_and_a_detail(server_url):
    record = CasualtyRecord.objects.published().filter(area__code="UKR", is_preferred=True).first()

    listed = ogrinfo(f"{server_url}/api/v1/casualties/?area=UKR&format=geojson&ordering=id")
    detail = ogrinfo(f"{server_url}/api/v1/casualties/{record.pk}/?format=geojson")

    assert "Geometry: Point" in listed and "Geometry: Point" in detail
    assert "Feature Count: 1" in detail

"""Vector tiles: published polygons as Mapbox vector tiles, read back with GDAL's MVT driver; ETags and 304s."""

import gzip
import math
import shutil
import subprocess

import pytest
from django.contrib.gis.geos import MultiPolygon, Point
from django.db import connection

from kb.choices import ReviewStatusChoices
from kb.services.review import record_publish
from tests.factories import AreaFactory, HazardAreaFactory, LandReleaseActivityFactory
from tests.factories.hazards import square

pytestmark = pytest.mark.django_db
needs_gdal = pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="needs gdal-bin (scripts/gis.sh)")


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The slippy-map tile that holds a point."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def read_tile(content: bytes, tmp_path, z: int, x: int, y: int) -> str:
    """ogrinfo's listing of the tile (GDAL's MVT driver reads a z/x/y.mvt file as one tile)."""
    path = tmp_path / str(z) / str(x) / f"{y}.mvt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return subprocess.run(["ogrinfo", "-ro", "-al", str(path)], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def country(db):
    return AreaFactory(code="XTL")


@needs_gdal
@pytest.mark.parametrize("z", [6, 10, 14])
def test_a_tile_holds_the_published_polygons_only(client, country, tmp_path, z):
    HazardAreaFactory(area=country, reference="PUB-1", geometry=square(30.0, 50.0, 0.001))
    HazardAreaFactory(
        area=country, reference="DRAFT-1", geometry=square(30.0, 50.0, 0.001), status=ReviewStatusChoices.DRAFT
    )
    x, y = tile_of(30.0005, 50.0005, z)

    response = client.get(f"/tiles/hazard-areas/{z}/{x}/{y}.mvt")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    listing = read_tile(response.content, tmp_path, z, x, y)
    assert "Layer name: hazard-areas" in listing
    assert "Feature Count: 1" in listing
    assert "reference (String) = PUB-1" in listing
    assert "hazard_class (String) = cha" in listing
    assert "country (String) = XTL" in listing
    assert "synthetic (Integer(Boolean)) = 0" in listing  # kb_seed_hazards' demo polygons have 1
    assert "DRAFT-1" not in listing


@needs_gdal
def test_land_release_layer(client, country, tmp_path):
    LandReleaseActivityFactory(area=country, reference="T-9", geometry=square(30.0, 50.0, 0.001))
    x, y = tile_of(30.0005, 50.0005, 12)

    listing = read_tile(client.get(f"/tiles/land-release-activities/12/{x}/{y}.mvt").content, tmp_path, 12, x, y)

    assert "Layer name: land-release-activities" in listing
    assert "reference (String) = T-9" in listing
    assert "method (String) = clearance" in listing


def test_a_tile_without_polygons_is_empty(client, country):
    response = client.get("/tiles/hazard-areas/3/0/0.mvt")
    assert response.status_code == 200
    assert response.content == b""


def test_a_write_that_leaves_a_tile_as_it_was_leaves_its_etag(client, country):
    HazardAreaFactory(area=country, geometry=square(30.0, 50.0), status=ReviewStatusChoices.PUBLISHED)
    x, y = tile_of(30.005, 50.005, 10)
    url = f"/tiles/hazard-areas/10/{x}/{y}.mvt"
    first = client.get(url)
    assert first.status_code == 200 and first.content

    HazardAreaFactory(area=country, geometry=square(-60.0, -20.0), status=ReviewStatusChoices.PUBLISHED)  # far off
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    # As a compressing proxy sends it back (weak), among others, or as `*`.
    for header in (f'"other", W/{first["ETag"]}', "*"):
        assert client.get(url, headers={"If-None-Match": header}).status_code == 304


def test_a_tile_up_to_zoom_12_is_kept_and_made_once(client, country, django_assert_num_queries):
    """A zoomed-out tile can take PostGIS a second to make: kept under the data stamp, the next request for it reads
    the stamp only."""
    HazardAreaFactory(area=country, geometry=square(30.0, 50.0), status=ReviewStatusChoices.PUBLISHED)
    x, y = tile_of(30.005, 50.005, 12)
    url = f"/tiles/hazard-areas/12/{x}/{y}.mvt"
    with django_assert_num_queries(2):  # the stamp, the tile
        first = client.get(url)
    with django_assert_num_queries(1):  # the stamp
        again = client.get(url)
    assert again.content == first.content != b""


def test_a_tile_from_zoom_13_is_made_on_every_request_in_one_query(client, country, django_assert_num_queries):
    """A few polygons at most: making the tile costs no more than the stamp and the cache would, and keeping it would
    push the dear zoomed-out tiles out of the cache. A publication shows at once."""
    x, y = tile_of(30.005, 50.005, 13)
    url = f"/tiles/hazard-areas/13/{x}/{y}.mvt"
    with django_assert_num_queries(1):
        assert client.get(url).content == b""
    HazardAreaFactory(area=country, geometry=square(30.0, 50.0), status=ReviewStatusChoices.PUBLISHED)
    with django_assert_num_queries(1):
        made = client.get(url)
    assert made.status_code == 200 and made.content
    assert client.get(url, headers={"If-None-Match": made["ETag"]}).status_code == 304


def test_a_tile_is_sent_gzipped_to_a_client_that_accepts_it(client, country):
    outline = Point(30.005, 50.005, srid=4326).buffer(0.004, quadsegs=64)  # 256 vertices: a tile worth compressing
    HazardAreaFactory(area=country, geometry=MultiPolygon(outline, srid=4326))
    x, y = tile_of(30.005, 50.005, 14)
    url = f"/tiles/hazard-areas/14/{x}/{y}.mvt"

    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)
    assert packed["Content-Length"] == str(len(packed.content))
    assert packed["ETag"] == f"W/{plain['ETag']}"  # the same tile in other bytes
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in packed["Vary"]
    # Either tag revalidates either form; a client that refuses gzip gets the tile as it is.
    for accepts, etag in (("gzip", plain["ETag"]), ("", packed["ETag"])):
        assert client.get(url, headers={"Accept-Encoding": accepts, "If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"}).content == plain.content


def test_an_empty_tile_is_not_compressed(client, country):
    response = client.get("/tiles/hazard-areas/3/0/0.mvt", headers={"Accept-Encoding": "gzip"})
    assert (response.content, response.get("Content-Encoding")) == (b"", None)


def test_etag_gives_304_until_the_data_changes(client, country, reviewer):
    pending = HazardAreaFactory(area=country, geometry=square(30.0, 50.0), status=ReviewStatusChoices.IN_REVIEW)
    x, y = tile_of(30.005, 50.005, 10)
    url = f"/tiles/hazard-areas/10/{x}/{y}.mvt"
    first = client.get(url)
    etag = first["ETag"]
    assert first.content == b""
    assert first["Cache-Control"] == "public, max-age=60"

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag

    pending.refresh_from_db()
    record_publish(record=pending, by=reviewer, seen_version=pending.version)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.content != b""


@pytest.mark.parametrize(
    "path",
    ["/tiles/nothing/1/0/0.mvt", "/tiles/hazard-areas/1/2/0.mvt", "/tiles/hazard-areas/23/0/0.mvt"],
)
def test_unknown_layer_or_tile_is_404(client, path):
    assert client.get(path).status_code == 404


def test_tiles_are_read_only(client):
    assert client.post("/tiles/hazard-areas/0/0/0.mvt").status_code == 405


def test_a_tile_is_one_copy_for_every_language_and_visitor(client, country):
    """Tiles have a middleware chain of their own (api/tile_chain.py): nothing there varies by language, cookie or
    session, so a shared cache keeps one copy of each tile; the site's security headers and the request id stay."""
    HazardAreaFactory(area=country, geometry=square(30.0, 50.0, 0.001))
    x, y = tile_of(30.0005, 50.0005, 14)

    response = client.get(f"/tiles/hazard-areas/14/{x}/{y}.mvt", HTTP_ACCEPT_LANGUAGE="uk")

    assert response.status_code == 200
    assert response.content
    vary = {name.strip().lower() for name in response.get("Vary", "").split(",")}
    assert not vary & {"accept-language", "cookie"}
    assert "Content-Language" not in response
    assert not response.cookies
    assert response["Content-Length"] == str(len(response.content))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert len(response["X-Request-ID"]) == 32


def test_what_the_tiles_chain_leaves_out_is_in_the_sites_chain(settings):
    assert settings.NOT_FOR_TILES <= set(settings.MIDDLEWARE)  # a misspelt name would leave its middleware in
    assert settings.TILE_MIDDLEWARE[0] == "kb.observability.middleware.RequestSignalsMiddleware"


def test_a_map_on_another_site_may_load_the_tiles(client, country):
    response = client.get("/tiles/hazard-areas/0/0/0.mvt", HTTP_ORIGIN="https://maps.example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


@pytest.fixture
def basemap(db):
    """The vendored outlines as the initial migration loads them (again: a transactional test may have flushed them)."""
    from kb.models import BasemapCountry
    from kb.services.basemap import basemap_load

    return basemap_load(BasemapCountry)


@needs_gdal
def test_the_basemap_layer_holds_natural_earth_country_outlines(client, basemap, tmp_path):
    assert basemap > 170  # every country of Natural Earth's 1:110m map
    x, y = tile_of(31.0, 49.0, 4)  # central Ukraine

    response = client.get(f"/tiles/basemap/4/{x}/{y}.mvt")

    assert response.status_code == 200
    listing = read_tile(response.content, tmp_path, 4, x, y)
    assert "Layer name: basemap" in listing
    assert "country (String) = UKR" in listing
    assert "name (String) = Ukraine" in listing


@needs_gdal
def test_the_whole_world_fits_one_basemap_tile_at_zoom_0(client, basemap, tmp_path):
    listing = read_tile(client.get("/tiles/basemap/0/0/0.mvt").content, tmp_path, 0, 0, 0)
    assert "country (String) = AFG" in listing and "country (String) = KHM" in listing


def test_a_layers_tile_statement_is_prepared_once_and_planned_once_for_every_tile(client, country):
    """kb/selectors/tiles.py: one text for every tile of a layer, prepared on each connection, and its generic plan
    used from the first tile on (kb/database/base.py GENERIC_PLANS), even where the first tiles were empty and cheap to
    plan for (PostgreSQL's own choice would then plan every tile). Read from the connection's pg_prepared_statements;
    psycopg forgets what it prepared when it sees DEALLOCATE ALL."""
    HazardAreaFactory(area=country, reference="PUB-1", geometry=square(30.0, 50.0, 0.001))
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    empty = [f"/tiles/hazard-areas/14/{x}/1.mvt" for x in range(5)]
    for path in [*empty, *(f"/tiles/hazard-areas/{z}/%d/%d.mvt" % tile_of(30.0005, 50.0005, z) for z in (6, 10, 14))]:
        assert client.get(path).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s", ["%ST_AsMVT%"]
        )
        assert cursor.fetchall() == [(8, 0)]

"""hazard-areas/ and land-release-activities/: real geometries in JSON and GeoJSON, spatial filters, published only."""

import csv
import datetime as dt
import io
import json
import math
import shutil
import subprocess

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kb.choices import ReviewStatusChoices
from kb.models import ContaminationRecord, HazardArea
from tests.factories import AdminAreaFactory, AreaFactory, HazardAreaFactory, LandReleaseActivityFactory
from tests.factories.hazards import square

pytestmark = pytest.mark.django_db


@pytest.fixture
def hazards(db):
    """Two published hazards in XHP (one in admin area XP01, one in its child XP0102), one draft, one elsewhere."""
    country = AreaFactory(code="XHP", name="Polygonia")
    province = AdminAreaFactory(pcode="XP01", area=country)
    district = AdminAreaFactory(pcode="XP0102", area=country, parent=province, level=2)
    return {
        "north": HazardAreaFactory(area=country, admin_area=province, reference="N", geometry=square(30.0, 50.0)),
        "south": HazardAreaFactory(area=country, admin_area=district, reference="S", geometry=square(30.0, 45.0)),
        "draft": HazardAreaFactory(
            area=country, reference="D", geometry=square(30.5, 50.0), status=ReviewStatusChoices.DRAFT
        ),
        "elsewhere": HazardAreaFactory(area=AreaFactory(code="XHQ"), reference="E", geometry=square(10.0, 10.0)),
    }


def references(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["reference"] for item in response.json()["results"])


def test_public_list_shows_published_hazards_with_their_geometry(api_client, hazards):
    response = api_client.get("/api/v1/hazard-areas/", {"area": "XHP"})

    assert references(response) == ["N", "S"]
    north = next(item for item in response.json()["results"] if item["reference"] == "N")
    assert north["geometry"] == {
        "type": "MultiPolygon",
        "coordinates": [[[[30.0, 50.0], [30.01, 50.0], [30.01, 50.01], [30.0, 50.01], [30.0, 50.0]]]],
    }
    assert north["computed_area_m2"] == pytest.approx(796_600, rel=0.01)
    assert (north["hazard_class"], north["contamination_type"], north["hazard_status"]) == (
        "cha",
        "anti_personnel_mine",
        "open",
    )
    assert north["area"] == {"iso3": "XHP", "name": "Polygonia"}
    assert north["admin_area"]["pcode"] == "XP01"


def test_a_draft_is_not_found_by_the_public_but_is_by_staff(api_client, staff_client, hazards):
    url = f"/api/v1/hazard-areas/{hazards['draft'].pk}/"
    assert api_client.get(url).status_code == 404
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response.json()["reference"] == "D"


def test_geojson_list_is_a_feature_collection_of_multipolygons(api_client, hazards):
    response = api_client.get("/api/v1/hazard-areas/", {"area": "XHP", "format": "geojson", "ordering": "reference"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert [f["properties"]["reference"] for f in body["features"]] == ["N", "S"]
    feature = body["features"][0]
    assert (feature["type"], feature["id"], feature["geometry"]["type"]) == (
        "Feature",
        hazards["north"].pk,
        "MultiPolygon",
    )
    assert "geometry" not in feature["properties"]


def test_geojson_detail_is_a_feature(api_client, hazards):
    response = api_client.get(f"/api/v1/hazard-areas/{hazards['south'].pk}/", {"format": "geojson"})

    assert response.status_code == 200
    body = response.json()
    assert (body["type"], body["id"], body["properties"]["reference"]) == ("Feature", hazards["south"].pk, "S")
    assert body["geometry"]["coordinates"][0][0][0] == [30.0, 45.0]


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="needs gdal-bin (scripts/gis.sh)")
def test_ogrinfo_reads_the_geojson_list(api_client, hazards, tmp_path):
    path = tmp_path / "hazards.geojson"
    path.write_bytes(api_client.get("/api/v1/hazard-areas/", {"area": "XHP", "format": "geojson"}).content)

    info = subprocess.run(["ogrinfo", "-ro", "-al", "-so", str(path)], check=True, capture_output=True, text=True)

    assert "Geometry: Multi Polygon" in info.stdout
    assert "Feature Count: 2" in info.stdout
    assert "Extent: (30.000000, 45.000000) - (30.010000, 50.010000)" in info.stdout
    assert "hazard_class: String" in info.stdout


def test_bbox_filter(api_client, hazards):
    assert references(api_client.get("/api/v1/hazard-areas/", {"bbox": "29,49,31,51"})) == ["N"]
    assert references(api_client.get("/api/v1/hazard-areas/", {"bbox": "29,44,31,51"})) == ["N", "S"]
    # a box that touches the corner of the south polygon only
    assert references(api_client.get("/api/v1/hazard-areas/", {"bbox": "30.01,45.01,30.5,45.5"})) == ["S"]


def test_a_bbox_without_area_is_a_point_or_a_line(api_client, hazards):
    """A click (west = east, south = north) or a line across the map finds the polygons under it."""
    assert references(api_client.get("/api/v1/hazard-areas/", {"bbox": "30.005,50.005,30.005,50.005"})) == ["N"]
    assert references(api_client.get("/api/v1/hazard-areas/", {"bbox": "30.005,44,30.005,51"})) == ["N", "S"]
    assert references(api_client.get("/api/v1/hazard-areas/", {"bbox": "29,50.005,31,50.005"})) == ["N"]


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "31,49,29,51", "0,-91,1,0", ""])
def test_bad_bbox_is_a_400(api_client, hazards, bbox):
    response = api_client.get("/api/v1/hazard-areas/", {"bbox": bbox})
    if bbox == "":
        assert response.status_code == 200  # an empty parameter is no filter
        return
    assert response.status_code == 400
    assert response.json()["bbox"] == [
        "Use four numbers: west,south,east,north in WGS 84 degrees (west ≤ east, south ≤ north)."
    ]


def test_intersects_takes_wkt_ewkt_and_geojson(api_client, hazards):
    point_wkt = "POINT(30.005 50.005)"
    assert references(api_client.get("/api/v1/hazard-areas/", {"intersects": point_wkt})) == ["N"]
    line = {"type": "LineString", "coordinates": [[30.005, 44.0], [30.005, 51.0]]}
    assert references(api_client.get("/api/v1/hazard-areas/", {"intersects": json.dumps(line)})) == ["N", "S"]
    # the same point in Web Mercator metres
    mercator = "SRID=3857;POINT(3340151.4 6446830.2)"
    assert references(api_client.get("/api/v1/hazard-areas/", {"intersects": mercator})) == ["N"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("POINT(1 2", "Not a geometry in WKT or GeoJSON"),
        (
            '{"type": "Point", "coordinates": [1, 2], "crs": {"type": "name", "properties": {"name": "/etc/passwd"}}}',
            'Leave out the "crs" member',
        ),
        ("MULTIPOINT(" + ",".join(f"({n % 90} 1)" for n in range(10_001)) + ")", "more than 10000 points"),
        ("POINT(1 nan)", "Not a geometry in WKT or GeoJSON"),
        ("POLYGON((30 50, 30.01 nan, 30.01 50.01, 30 50))", "The geometry is not valid"),
        # a bow tie crossing itself at one of a stored square's corners
        ("POLYGON((29.99 49.99, 30.01 50.01, 30.01 49.99, 29.99 50.01, 29.99 49.99))", "The geometry is not valid"),
    ],
)
def test_bad_intersects_is_a_400(api_client, hazards, value, message):
    response = api_client.get("/api/v1/hazard-areas/", {"intersects": value})
    assert response.status_code == 400
    assert message in response.json()["intersects"][0]


def test_within_a_country_or_an_admin_area_and_the_areas_below_it(api_client, hazards):
    assert references(api_client.get("/api/v1/hazard-areas/", {"within": "xhp"})) == ["N", "S"]
    assert references(api_client.get("/api/v1/hazard-areas/", {"within": "XP01"})) == ["N", "S"]
    assert references(api_client.get("/api/v1/hazard-areas/", {"within": "XP0102"})) == ["S"]
    response = api_client.get("/api/v1/hazard-areas/", {"within": "NOWHERE"})
    assert response.status_code == 400
    assert response.json() == {"within": ["Unknown country code or admin area p-code 'NOWHERE'."]}


def test_choice_filters(api_client, hazards):
    HazardAreaFactory(area=hazards["north"].area, reference="X", hazard_class="sha", contamination_type="other_erw")
    assert references(api_client.get("/api/v1/hazard-areas/", {"area": "XHP", "hazard_class": "sha"})) == ["X"]
    response = api_client.get("/api/v1/hazard-areas/", {"hazard_class": "maybe"})
    assert response.status_code == 400
    assert "hazard_class" in response.json()


def test_land_release_activities_list_only_the_hazards_the_reader_may_see(api_client, staff_client, hazards):
    activity = LandReleaseActivityFactory(
        area=hazards["north"].area, reference="T-1", method="nts", outcome="cancelled"
    )
    activity.hazard_areas.set([hazards["north"], hazards["draft"]])

    [public] = api_client.get("/api/v1/land-release-activities/", {"area": "XHP"}).json()["results"]
    [staff] = staff_client.get("/api/v1/land-release-activities/", {"area": "XHP"}).json()["results"]

    assert public["hazard_areas"] == [{"id": hazards["north"].pk, "reference": "N"}]
    assert [h["reference"] for h in staff["hazard_areas"]] == ["D", "N"]
    assert (public["method"], public["outcome"], public["geometry"]["type"]) == ("nts", "cancelled", "MultiPolygon")
    by_hazard = api_client.get("/api/v1/land-release-activities/", {"hazard_area": hazards["north"].pk})
    assert [item["reference"] for item in by_hazard.json()["results"]] == ["T-1"]
    # The draft hazard area's links are not told to the public, as its detail is a 404; staff see them.
    by_draft = {"hazard_area": hazards["draft"].pk}
    assert api_client.get("/api/v1/land-release-activities/", by_draft).json()["count"] == 0
    staff_listed = staff_client.get("/api/v1/land-release-activities/", by_draft).json()["results"]
    assert [item["reference"] for item in staff_listed] == ["T-1"]


@pytest.mark.parametrize("prefix", ["hazard-areas", "land-release-activities"])
def test_query_count_does_not_grow_with_the_page(api_client, prefix, monkeypatch):
    monkeypatch.setattr("api.caching._stamp_sql", lambda: "SELECT 'still'")  # commits elsewhere move the stamp
    area = AreaFactory(code="XHR")
    hazards = HazardAreaFactory.create_batch(5, area=area)
    for _ in range(5):
        LandReleaseActivityFactory(area=area).hazard_areas.set(hazards[:2])
    api_client.get(f"/api/v1/{prefix}/", {"area": "XHR", "limit": 2})  # finds the country, kept per data stamp
    counts = []
    for limit in (1, 5):
        cache.clear()  # each page counts its rows (the count is kept per data stamp, api/caching.py)
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"/api/v1/{prefix}/", {"area": "XHR", "limit": limit, "format": "geojson"})
        assert (response.status_code, len(response.json()["features"])) == (200, limit)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10, counts


def test_csv_gives_the_geometry_as_wkt(api_client, hazards):
    response = api_client.get("/api/v1/hazard-areas/", {"area": "XHP", "format": "csv", "ordering": "reference"})

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["reference"] for row in rows] == ["N", "S"]
    assert rows[0]["geometry"] == "MULTIPOLYGON (((30 50, 30.01 50, 30.01 50.01, 30 50.01, 30 50)))"


def test_remaining_contamination_from_polygons_beside_the_reported_figure(api_client, hazards):
    country = hazards["north"].area
    HazardAreaFactory(area=country, reference="SHA-1", hazard_class="sha", geometry=square(31.0, 50.0))
    HazardAreaFactory(area=country, reference="CLOSED", hazard_status="closed", geometry=square(32.0, 50.0))
    ContaminationRecord.objects.create(
        area=country,
        period_kind="year",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        confirmed_m2=2_000_000,
        suspected_m2=500_000,
        is_preferred=True,
        preference_reason="The only reported figure.",
        status=ReviewStatusChoices.PUBLISHED,
        source=hazards["north"].source,
    )
    ContaminationRecord.objects.create(  # a later listing without its extent: nothing to compare with
        area=country,
        period_kind="as_of",
        period_start=dt.date(2025, 10, 1),
        period_end=dt.date(2025, 10, 1),
        extent_class="unknown",
        is_preferred=True,
        preference_reason="The only reported figure.",
        status=ReviewStatusChoices.PUBLISHED,
        source=hazards["north"].source,
    )

    response = api_client.get("/api/v1/hazard-areas/remaining/", {"area": "XHP"})

    assert response.status_code == 200
    [row] = response.json()
    assert row["area"]["iso3"] == "XHP"
    # N and S are confirmed (the draft and the closed area do not count); SHA-1 is suspected
    assert (row["cha_polygons"], row["sha_polygons"]) == (2, 1)
    north, south = hazards["north"], hazards["south"]
    north.refresh_from_db()
    south.refresh_from_db()
    assert row["cha_computed_m2"] == pytest.approx(north.computed_area_m2 + south.computed_area_m2)
    assert (row["reported_confirmed_m2"], row["reported_suspected_m2"], row["reported_period"]) == (
        2_000_000,
        500_000,
        "2024",
    )
    assert row["confirmed_difference_m2"] == pytest.approx(row["cha_computed_m2"] - 2_000_000)
    assert row["suspected_difference_m2"] == pytest.approx(row["sha_computed_m2"] - 500_000)


def test_remaining_contamination_by_admin_area(api_client, hazards):
    country = hazards["north"].area
    HazardAreaFactory(area=country, reference="NOWHERE", hazard_class="sha", geometry=square(31.0, 50.0))
    ContaminationRecord.objects.create(  # the national figure: not the figure of the polygons without an admin area
        area=country,
        period_kind="year",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        suspected_m2=100_000_000,
        is_preferred=True,
        preference_reason="The only reported figure.",
        status=ReviewStatusChoices.PUBLISHED,
        source=hazards["north"].source,
    )
    response = api_client.get("/api/v1/hazard-areas/remaining/", {"area": "XHP", "group_by": "admin_area"})

    assert response.status_code == 200
    rows = response.json()
    shown = [(row["admin_area"]["pcode"] if row["admin_area"] else None, row["cha_polygons"]) for row in rows]
    assert shown == [("XP01", 1), ("XP0102", 1), (None, 0)]
    assert rows[0]["reported_confirmed_m2"] is None and rows[0]["confirmed_difference_m2"] is None
    assert (rows[2]["sha_polygons"], rows[2]["reported_suspected_m2"], rows[2]["suspected_difference_m2"]) == (
        1,
        None,
        None,
    )
    bad = api_client.get("/api/v1/hazard-areas/remaining/", {"group_by": "planet"})
    assert bad.status_code == 400
    assert bad.json() == {"group_by": ["Use group_by=area or group_by=admin_area."]}


def circle(lon: float, lat: float, radius: float, points: int = 200) -> MultiPolygon:
    ring = [
        (lon + radius * math.cos(2 * math.pi * i / points), lat + radius * math.sin(2 * math.pi * i / points))
        for i in range(points)
    ]
    return MultiPolygon(Polygon([*ring, ring[0]]), srid=4326)


def test_zoom_simplifies_list_geometries_for_a_web_map(api_client):
    HazardAreaFactory(area=AreaFactory(code="XHZ"), reference="ROUND", geometry=circle(30.0, 50.0, 0.05))

    def points(**params):
        response = api_client.get("/api/v1/hazard-areas/", {"area": "XHZ", **params})
        assert response.status_code == 200
        [record] = response.json()["results"]
        return len(record["geometry"]["coordinates"][0][0])

    assert points() == 201  # exact
    assert points(zoom=18) == 201  # a pixel is far smaller than the gaps between the points
    assert 4 <= points(zoom=8) < 40  # about 1.4 km a pixel: a handful of points draws the 11 km circle
    detail = api_client.get(f"/api/v1/hazard-areas/{HazardArea.objects.get(reference='ROUND').pk}/", {"zoom": 8})
    assert len(detail.json()["geometry"]["coordinates"][0][0]) == 201  # a detail is always exact


@pytest.mark.parametrize("zoom", ["23", "-1", "x", "1.5", "²"])
def test_bad_zoom_is_a_400(api_client, zoom):
    response = api_client.get("/api/v1/hazard-areas/", {"zoom": zoom})
    assert response.status_code == 400
    assert response.json() == {"zoom": ["Use a whole number from 0 to 22 (a web map's zoom level)."]}


def test_change_feed_reports_published_and_retracted_hazard_areas(api_client, hazards):
    since = (timezone.now() - dt.timedelta(seconds=1)).isoformat()
    hazard = HazardAreaFactory(area=hazards["north"].area, reference="FEED")
    HazardArea.objects.filter(pk=hazard.pk).update(status="retracted", retraction_reason="wrong polygon")

    body = api_client.get("/api/v1/changes/", {"since": since, "resource": "hazard-areas"}).json()

    assert [(c["resource"], c["id"], c["action"]) for c in body["results"] if c["id"] == hazard.pk] == [
        ("hazard-areas", hazard.pk, "published"),
        ("hazard-areas", hazard.pk, "retracted"),
    ]


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="needs gdal-bin (scripts/gis.sh)")
def test_geopackage_download_opens_in_ogrinfo(api_client, hazards, tmp_path):
    response = api_client.get("/api/v1/hazard-areas/", {"area": "XHP", "format": "gpkg", "limit": 1})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    assert response["Content-Disposition"] == 'attachment; filename="hazard-areas.gpkg"'
    assert response.content.startswith(b"SQLite format 3\x00")
    path = tmp_path / "download.gpkg"
    path.write_bytes(response.content)
    info = subprocess.run(["ogrinfo", "-ro", "-al", str(path)], check=True, capture_output=True, text=True).stdout
    assert "Layer name: hazard-areas" in info
    assert "Geometry: Multi Polygon" in info
    assert "Feature Count: 2" in info  # the whole list (published only), not a page of one
    assert "reference (String) = N" in info and "reference (String) = S" in info
    assert 'ID["EPSG",4326]' in info.replace(" ", "").replace("\n", "")


def test_geopackage_of_one_record_and_errors_stay_json(api_client, hazards, tmp_path):
    one = api_client.get(f"/api/v1/hazard-areas/{hazards['north'].pk}/", {"format": "gpkg"})
    assert one.status_code == 200 and one.content.startswith(b"SQLite format 3\x00")

    bad = api_client.get("/api/v1/hazard-areas/", {"format": "gpkg", "bbox": "nonsense"})
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/json"
    assert "bbox" in bad.json()
    missing = api_client.get(f"/api/v1/hazard-areas/{hazards['draft'].pk}/", {"format": "gpkg"})
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "value",
    [
        "SRID=999999;POINT(1 1)",  # an SRID nobody knows
        '{"type": "Point"}',  # GeoJSON without coordinates
        "POINT(1e400 1)",  # infinity
        "SRID=3857;POINT(1e30 1e30)",  # PROJ would hang transforming this
    ],
)
def test_geometries_gdal_cannot_use_are_a_400_not_a_crash(api_client, value):
    response = api_client.get("/api/v1/hazard-areas/", {"intersects": value})
    assert response.status_code == 400
    assert response.json()["intersects"][0].startswith("Not a geometry in WKT or GeoJSON: ")

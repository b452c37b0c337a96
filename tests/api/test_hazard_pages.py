"""Pages of hazard areas built by PostgreSQL (api/json_lines.py, the geometry finished in api/serializers/hazards.py)
are the serializer's pages: the same items, parsed, in JSON and GeoJSON, in every language, with every field."""

import json
import random

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.serializers import hazards as hazards_serializers
from api.serializers.hazards import GDAL_RUN, TRAILING_ZEROS, ZEROS_THEN_LAST, wkb_geojsons
from api.views.hazards import HazardAreaViewSet
from tests.factories import (
    AdminAreaFactory,
    AreaFactory,
    CitationFactory,
    HazardAreaFactory,
    OrganisationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def ring(points):
    return [*points, points[0]]


@pytest.fixture
def polygons(db):
    """Hazards whose coordinates GDAL writes in each of its ways: short decimals (30.1 is 30.100000000000001), runs
    of nines and zeros, numbers close to 0, a hole, two parts; with and without an admin area, operator, citations."""
    country = AreaFactory(code="XPG", name="Polygonia", name_uk="Полігонія")
    province = AdminAreaFactory(pcode="XG01", area=country, name="Province", name_uk="Провінція")
    operator = OrganisationFactory(name="Clearance Org")
    awkward = [
        Polygon(ring([(30.1, 50.2), (30.3, 50.2), (30.123456789012345, 50.98765432109876)])),
        Polygon(ring([(3.518319193999997, 1.0), (3.6, 1.0), (3.6, 1.2)])),
        Polygon(ring([(-16.772576791000006, 14.0), (-16.7, 14.0), (-16.7, 14.1)])),
        Polygon(ring([(1e-20, 5e-16), (0.0004, 0.0), (0.0004, -0.00005)])),
        Polygon(
            ring([(10.0, 10.0), (11.0, 10.0), (11.0, 11.0), (10.0, 11.0)]),
            ring([(10.2, 10.2), (10.4, 10.2), (10.4, 10.4)]),
        ),
    ]
    made = [
        HazardAreaFactory(area=country, reference=f"P-{n}", geometry=MultiPolygon(shape, srid=4326))
        for n, shape in enumerate(awkward)
    ]
    made.append(
        HazardAreaFactory(
            area=country,
            admin_area=province,
            operator=operator,
            reference="P-parts",
            name="Two parts",
            evidence="An accident in 2021",
            reported_area_m2=1200,
            geometry=MultiPolygon(awkward[0], awkward[4], srid=4326),
        )
    )
    CitationFactory(record=made[-1], source=SourceFactory(slug="second"), locator="p. 4", quote="q")
    return made


def pages(client, params: dict, monkeypatch) -> tuple[dict, dict]:
    """The page as PostgreSQL builds it, then as the serializer makes it (not the first one again from the response
    cache)."""
    cache.clear()
    built = client.get("/api/v1/hazard-areas/", params)
    cache.clear()
    monkeypatch.setattr(HazardAreaViewSet, "sql_pages", False)
    serialized = client.get("/api/v1/hazard-areas/", params)
    monkeypatch.undo()
    assert built.status_code == serialized.status_code == 200, built.content
    return built.json(), serialized.json()


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
@pytest.mark.parametrize("fmt", ["json", "geojson"])
def test_a_page_built_in_sql_is_the_serializers_page(api_client, polygons, monkeypatch, fmt, lang):
    built, serialized = pages(api_client, {"area": "XPG", "format": fmt, "lang": lang, "limit": 4}, monkeypatch)

    assert built == serialized
    items = built["features"] if fmt == "geojson" else built["results"]
    assert len(items) == 4 and (built.get("next") or built["links"]["next"])


def test_the_second_page_and_selected_fields_too(api_client, polygons, monkeypatch):
    for params in ({"offset": 4, "limit": 4}, {"fields": "id,geometry,area"}, {"omit": "geometry"}):
        built, serialized = pages(api_client, {"area": "XPG", **params}, monkeypatch)
        assert built == serialized


def test_the_page_is_built_in_sql_and_a_zoomed_page_by_the_serializer(api_client, polygons):
    def queried(params):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/hazard-areas/", {"area": "XPG", **params}).status_code == 200
        return " ".join(q["sql"] for q in queries.captured_queries)

    assert "json_build_object" in queried({})
    assert "json_build_object" not in queried({"zoom": "8"})


def test_wkb_geometries_read_as_gdal_writes_them():
    """The fast reading of WKB gives GDAL's GeoJSON numbers (what the serializer serves) for any coordinates."""
    rng = random.Random(17)

    def number(scale: float) -> float:
        value = rng.uniform(-1.8, 1.8) * scale
        return round(value, rng.randint(0, 9)) if rng.random() < 0.3 else value

    geometries = []
    for _ in range(3000):
        scale = rng.choice([100, 10, 1, 0.1, 1e-3, 1e-6, 1e-9, 1e-13, 1e-16])
        points = [(number(scale), number(rng.choice([50, 1, 1e-5]))) for _ in range(rng.randint(3, 8))]
        geometries.append(MultiPolygon(Polygon(ring(points)), srid=4326))
    expected = [json.loads(geometry.json) for geometry in geometries]
    assert [wkb_geojsons([bytes(g.wkb)])[0] for g in geometries] == expected
    for start in range(0, 3000, 100):  # as a page reads them: many at once
        assert wkb_geojsons([bytes(g.wkb) for g in geometries[start : start + 100]]) == expected[start : start + 100]


def test_a_page_of_ordinary_polygons_is_read_in_one_go(monkeypatch):
    """Coordinates as field systems give them (full precision, rounded, holes, parts): read in one go, not one
    geometry at a time, and still as GDAL writes them."""
    rng = random.Random(3)
    geometries = []
    while len(geometries) < 60:
        lon, lat = rng.uniform(-75, 110), rng.uniform(-20, 55)
        points = [(lon + rng.uniform(0, 0.01), lat + rng.uniform(0, 0.01)) for _ in range(rng.randint(3, 9))]
        if rng.random() < 0.3:
            points = [(round(x, 5), round(y, 6)) for x, y in points]
        shape = Polygon(ring([(lon, lat), (lon + 0.02, lat), (lon + 0.02, lat + 0.02), (lon, lat + 0.02)]))
        hole = ring([(lon + 0.005, lat + 0.005), (lon + 0.01, lat + 0.005), (lon + 0.01, lat + 0.01)])
        shape = Polygon(shape.exterior_ring, hole)
        parts = [Polygon(ring(points)), shape] if rng.random() < 0.5 else [shape]
        geometry = MultiPolygon(*parts, srid=4326)
        values = [v for part in geometry.coords for line in part for point in line for v in point]
        text = ZEROS_THEN_LAST.sub("00000,", "".join(f"{v:.15f}," for v in values))
        if not GDAL_RUN.search(TRAILING_ZEROS.sub(",", text)):  # a run sends its geometry to GDAL
            geometries.append(geometry)
    monkeypatch.setattr("api.serializers.hazards._gdal", None)  # GDAL is not called

    assert wkb_geojsons([bytes(g.wkb) for g in geometries]) == [json.loads(g.json) for g in geometries]


def test_only_the_geometry_with_an_awkward_number_is_read_by_gdal(monkeypatch):
    """A number GDAL shortens otherwise (a run of nines) sends its own geometry to GDAL; the rest of the page is
    read in one go, in the page's order."""
    awkward = MultiPolygon(Polygon(ring([(30.0999999999, 10.1), (30.2, 10.1), (30.2, 10.2)])), srid=4326)
    plain = [
        MultiPolygon(Polygon(ring([(30.125 + n, 10.375), (30.25 + n, 10.375), (30.25 + n, 10.5)])), srid=4326)
        for n in range(3)
    ]
    page = [plain[0], awkward, plain[1], plain[2]]
    read = []
    gdal = hazards_serializers._gdal
    monkeypatch.setattr("api.serializers.hazards._gdal", lambda wkb: read.append(wkb) or gdal(wkb))

    assert wkb_geojsons([bytes(g.wkb) for g in page]) == [json.loads(g.json) for g in page]
    assert read == [bytes(awkward.wkb)]

"""Pages of hazard areas built by PostgreSQL (api/json_lines.py, the geometry finished in api/serializers/hazards.py)
are the serializer's pages: the same items, parsed, in JSON and GeoJSON, in every language, with every field."""

import json
import random

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.renderers import JSONRenderer, RawJSON
from api.serializers import hazards as hazards_serializers
from api.serializers.hazards import (
    GDAL_RUN,
    TRAILING_ZEROS,
    ZEROS_THEN_LAST,
    GeoJSONGeometryField,
    GeoJSONTextOrWKB,
    wkb_geojsons,
)
from api.views.hazards import HazardAreaViewSet
from api.views.mixins import json_lines as json_lines_mixin
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


def responses(client, params: dict, monkeypatch):
    """The page as PostgreSQL builds it, then as the serializer makes it (not the first one again from the response
    cache)."""
    cache.clear()
    built = client.get("/api/v1/hazard-areas/", params)
    cache.clear()
    monkeypatch.setattr(HazardAreaViewSet, "sql_pages", False)
    serialized = client.get("/api/v1/hazard-areas/", params)
    monkeypatch.undo()
    assert built.status_code == serialized.status_code == 200, built.content
    return built, serialized


def pages(client, params: dict, monkeypatch) -> tuple[dict, dict]:
    built, serialized = responses(client, params, monkeypatch)
    return built.json(), serialized.json()


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
@pytest.mark.parametrize("fmt", ["json", "geojson"])
def test_a_page_built_in_sql_is_the_serializers_page(api_client, polygons, monkeypatch, fmt, lang):
    built, serialized = pages(api_client, {"area": "XPG", "format": fmt, "lang": lang, "limit": 4}, monkeypatch)

    assert built == serialized
    assert rendered_pages(api_client, {"area": "XPG", "format": fmt, "lang": lang}, monkeypatch)
    items = built["features"] if fmt == "geojson" else built["results"]
    assert len(items) == 4 and (built.get("next") or built["links"]["next"])


def rendered_pages(client, params: dict, monkeypatch) -> bool:
    """The page PostgreSQL builds and the serializer's are the same bytes."""
    built, serialized = responses(client, params, monkeypatch)
    assert built.content == serialized.content
    return True


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


def random_geometries(seed: int) -> list[MultiPolygon]:
    """Small polygons with coordinates of every size, full precision or rounded to a few decimals."""
    rng = random.Random(seed)

    def number(scale: float) -> float:
        value = rng.uniform(-1.8, 1.8) * scale
        return round(value, rng.randint(0, 9)) if rng.random() < 0.3 else value

    geometries = []
    for _ in range(3000):
        scale = rng.choice([100, 10, 1, 0.1, 1e-3, 1e-6, 1e-9, 1e-13, 1e-16])
        points = [(number(scale), number(rng.choice([50, 1, 1e-5]))) for _ in range(rng.randint(3, 8))]
        geometries.append(MultiPolygon(Polygon(ring(points)), srid=4326))
    return geometries


def test_wkb_geometries_read_as_gdal_writes_them():
    """The fast reading of WKB gives GDAL's GeoJSON numbers (what the serializer serves) for any coordinates."""
    geometries = random_geometries(17)
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


def selected_in_sql(geometries) -> list:
    """The page's geometry values as GeoJSONTextOrWKB selects them (GeoJSON text or WKB), finished by from_sql."""
    sql = GeoJSONTextOrWKB.template % {"expressions": "g"}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql} FROM (SELECT ST_GeomFromWKB(w, 4326) AS g, n"
            " FROM unnest(%s::bytea[]) WITH ORDINALITY AS t(w, n)) AS s ORDER BY n",
            [[bytes(g.wkb) for g in geometries]],
        )
        return GeoJSONGeometryField.from_sql([row[0] for row in cursor.fetchall()])


def rendered(values) -> bytes:
    return JSONRenderer().render(values)


@pytest.fixture
def postgis_as_read(db):
    if not hazards_serializers.postgis_writes_as_read("default"):
        pytest.skip("PostGIS's text is checked against GDAL's for PostGIS 3.3; other versions get the WKB")


@pytest.mark.usefixtures("postgis_as_read")
@pytest.mark.parametrize("seed", [17, 29])
def test_geometries_postgis_writes_are_rendered_as_gdal_writes_them(seed):
    """Where PostGIS's GeoJSON goes into the answer as it is, the bytes are those of GDAL's GeoJSON (what the
    serializer serves); the others go through the WKB. Both ways are taken."""
    rng = random.Random(seed)

    def place(limit: float) -> float:  # as field systems give them: full precision, or a few decimals
        value = rng.uniform(-limit, limit)
        return round(value, rng.randint(3, 9)) if rng.random() < 0.3 else value

    fielded = [
        MultiPolygon(Polygon(ring([(place(180), place(90)) for _ in range(rng.randint(3, 8))])), srid=4326)
        for _ in range(1500)
    ]
    geometries = [*fielded, *random_geometries(seed)[:1500]]
    rng.shuffle(geometries)
    values = selected_in_sql(geometries)

    as_text = [isinstance(value, RawJSON) for value in values]
    assert 100 < sum(as_text) < len(values) - 100
    for start in range(0, len(values), 100):
        page = slice(start, start + 100)
        assert rendered(values[page]) == rendered([json.loads(g.json) for g in geometries[page]])


@pytest.mark.usefixtures("postgis_as_read")
def test_numbers_json_writes_otherwise_take_the_wkb():
    """PostGIS writes 10 and 0.00005 where json.dumps writes 10.0 and 5e-05; GDAL shortens 44.721377092000004."""
    awkward = [
        [(10.0, 10.5), (11.5, 10.5), (11.5, 11.5)],
        [(0.00005, 12.5), (1.5, 12.5), (1.5, 13.5)],
        [(44.721377092000004, 12.5), (45.5, 12.5), (45.5, 13.5)],
        [(8.123456789012345, 12.5), (9.5, 12.5), (9.5, 13.5)],
    ]
    plain = [(30.125, 10.375), (30.25, 10.375), (30.25, 10.5)]
    geometries = [MultiPolygon(Polygon(ring(points)), srid=4326) for points in [*awkward, plain]]
    values = selected_in_sql(geometries)

    assert [isinstance(value, RawJSON) for value in values] == [False, False, False, False, True]
    assert rendered(values) == rendered([json.loads(g.json) for g in geometries])


def test_raw_json_is_written_as_it_is_and_stored_text_is_not_taken_for_it():
    data = {"a": RawJSON('{"type":"Point","coordinates":[1.5,2]}'), "b": "\\u00000", "c": [RawJSON("[]")]}

    assert JSONRenderer().render(data) == b'{"a":{"type":"Point","coordinates":[1.5,2]},"b":"\\\\u00000","c":[[]]}'


def test_a_page_answered_again_from_memory_is_the_same_bytes(api_client, polygons, monkeypatch):
    """The response cache keeps the page's data with PostGIS's GeoJSON texts in it, and renders them the same."""
    monkeypatch.setattr("api.caching._stamp_sql", lambda: "SELECT 'still'")  # no other session moves the stamp
    cache.clear()
    for fmt in ("json", "geojson"):
        params = {"area": "XPG", "format": fmt}
        with CaptureQueriesContext(connection) as queries:
            first = api_client.get("/api/v1/hazard-areas/", params)
        built = [query["sql"] for query in queries.captured_queries]  # read before the next request clears them
        api_client.get("/api/v1/hazard-areas/", params)  # asked for again: kept from now on (api/caching.py ASKED)
        with CaptureQueriesContext(connection) as queries:
            again = api_client.get("/api/v1/hazard-areas/", params)

        assert any("json_build_object" in sql for sql in built)
        assert not any("json_build_object" in q["sql"] for q in queries.captured_queries)
        assert again.content == first.content and b'"coordinates":[[[[30.1,50.2]' in first.content


def test_the_browsable_page_writes_the_geometries_too(api_client, polygons):
    """The browsable API indents the page; PostGIS's texts go into it as they are."""
    page = api_client.get("/api/v1/hazard-areas/", {"area": "XPG", "format": "api"})

    assert page.status_code == 200
    assert b"&quot;coordinates&quot;:[[[[30.1,50.2],[30.3,50.2]" in page.content
    assert b"u0000" not in page.content


def test_another_postgis_version_gets_every_geometry_as_wkb(api_client, polygons, monkeypatch):
    """On a PostGIS whose GeoJSON text was not checked against GDAL's, every geometry comes as WKB: the same bytes."""
    monkeypatch.setattr(hazards_serializers, "postgis_writes_as_read", lambda alias: False)
    monkeypatch.setattr(json_lines_mixin, "COMPILED_ITEMS", {})  # statements are compiled once per process
    read = []
    wkb_geojsons = hazards_serializers.wkb_geojsons
    monkeypatch.setattr(hazards_serializers, "wkb_geojsons", lambda wkbs: read.extend(wkbs) or wkb_geojsons(wkbs))

    assert rendered_pages(api_client, {"area": "XPG"}, monkeypatch)
    assert len(read) == len(polygons)


def prepared_runs(cursor, prefix: str) -> list[int]:
    """How often each of the connection's prepared statements beginning with `prefix` ran (pg_prepared_statements)."""
    cursor.execute(
        "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE starts_with(statement, %s)", [prefix]
    )
    return [runs for (runs,) in cursor.fetchall()]


def test_a_box_lists_count_and_its_ids_are_prepared_once_and_run_for_every_box(api_client, polygons):
    """The polygons' lists prepare their count and the query picking a page's ids (ConditionalMixin.prepared_lists):
    three boxes, three runs of one statement each; the statistics' lists send theirs as they are."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # psycopg forgets what it prepared when it sees it
    for box in ("29,49,31,51", "3,0.5,4,1.5", "-20,10,20,15"):
        cache.clear()
        response = api_client.get("/api/v1/hazard-areas/", {"bbox": box, "limit": 2})
        assert response.status_code == 200 and response.json()["count"] >= 1
    cache.clear()
    assert api_client.get("/api/v1/casualties/", {"limit": 2}).status_code == 200
    with connection.cursor() as cursor:
        assert prepared_runs(cursor, "SELECT count(*)") == [3]
        assert prepared_runs(cursor, 'SELECT "kb_hazardarea"."id" AS "id"') == [3]
        assert prepared_runs(cursor, 'SELECT "kb_casualtyrecord"') == []

"""The maps in chromium (WebGL by SwiftShader): the world choropleth, a country's hazard map and the admin's geometry
widget draw features from the site's own tiles and data, read back from MapLibre (window.kbMaps), with screenshots
and axe-core's rules. The page fixture fails a test on any request to another host and on anything the
Content-Security-Policy refuses."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.gis.geos import GEOSGeometry
from playwright.sync_api import expect

from tests.browser.conftest import SUPERUSER, sign_in
from tests.browser.test_admin_pages import axe_violations
from tests.browser.test_public_pages import AXE_OPTIONS

RENDERED = """([id, layer]) => window.kbMaps[id].queryRenderedFeatures({layers: [layer]}).map(f => f.properties)"""
DRAWN = """([id, layer]) => window.kbMaps[id].queryRenderedFeatures({layers: [layer]}).length > 0"""


def drawn(page, map_id: str, layer: str) -> list[dict]:
    page.wait_for_selector(f"#{map_id}[data-ready=true]", timeout=60_000)
    return page.evaluate(RENDERED, [map_id, layer])


@pytest.mark.parametrize("language", ["en", "uk"])
def test_world_map_draws_the_countries_with_casualties(page, screenshot, language):
    page.goto(f"/{language}/")
    countries = drawn(page, "world-map", "countries")
    codes = {feature["country"] for feature in countries}
    assert len(codes) > 100  # Natural Earth's outlines, from /tiles/basemap/
    values = page.evaluate("() => JSON.parse(document.getElementById('world-map-values').textContent)")
    assert values and set(values) <= codes  # every country with a figure is on the map
    screenshot(page, f"map-world-{language}")


def test_country_map_draws_its_synthetic_hazard_areas_labelled(page, screenshot):
    page.goto("/en/countries/UKR/")
    drawn_here = drawn(page, "hazard-map", "hazard-areas")
    hazards = [feature for feature in drawn_here if feature["country"] == "UKR"]  # a neighbour's may show too
    assert hazards and all(feature["synthetic"] for feature in hazards)
    assert {feature["reference"][:4] for feature in hazards} == {"SYN-"}
    assert page.locator(".synthetic-note").is_visible()
    screenshot(page, "map-country-ukr")


@pytest.mark.parametrize("path", ["/en/", "/en/countries/UKR/"])
def test_pages_with_maps_pass_axe_core_basic_rules(page, path):
    page.goto(path)
    page.wait_for_selector("div.map[data-ready=true]", timeout=60_000)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_admin_change_form_maps_the_hazard_areas_geometry(page, screenshot):
    sign_in(page, SUPERUSER)
    page.goto("/admin/kb/hazardarea/?q=SYN-UKR")
    page.locator("#result_list tbody tr th a").first.click()
    shapes = drawn(page, "id_geometry-map", "geometry")
    assert shapes  # the record's own polygon, drawn from the form (a draft is in no tile)
    assert drawn(page, "id_geometry-map", "countries")  # over the basemap
    assert page.locator("#id_geometry").input_value().startswith("SRID=4326;MULTIPOLYGON")  # the text still works
    screenshot(page, "map-admin-hazardarea")
    assert axe_violations(page) == []  # with the admin's known exceptions (select2), as for every admin page


# Where a longitude/latitude is on the screen (the map scrolled into view first), for real mouse events.
ON_SCREEN = """([id, lng, lat]) => {
  const map = window.kbMaps[id], box = map.getCanvas().getBoundingClientRect(), point = map.project([lng, lat]);
  return [box.left + point.x, box.top + point.y];
}"""
EDITOR = "#id_geometry-map[data-editing=true]"


def on_screen(page, lng: float, lat: float) -> tuple[float, float]:
    return tuple(page.evaluate(ON_SCREEN, ["id_geometry-map", lng, lat]))


def drag(page, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*start, steps=5)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()


def open_factory_hazard(page):
    """The hazard area tests/factories makes (a draft): the square 30 50, 30.01 50.01."""
    page.goto("/admin/kb/hazardarea/?q=XSV")
    page.locator("#result_list tbody tr th a").first.click()


def test_a_vertex_moved_on_the_admins_map_is_saved_with_its_history(page, screenshot):
    sign_in(page, SUPERUSER)
    open_factory_hazard(page)
    page.wait_for_selector(EDITOR, timeout=60_000)
    page.locator("#id_geometry-map").evaluate("map => map.scrollIntoView({block: 'center'})")
    assert page.locator("button[data-tool=select]").get_attribute("aria-pressed") == "true"
    page.mouse.click(*on_screen(page, 30.005, 50.005))  # selects the polygon: its vertices become handles
    page.wait_for_selector("button[data-tool=delete]:not([disabled])")
    corner = on_screen(page, 30.01, 50.01)
    drag(page, corner, (corner[0] + 60, corner[1] + 20))  # east, off the square (and still on the map)

    typed = json.loads(page.locator("#id_geometry").input_value())
    assert typed["type"] == "MultiPolygon" and len(typed["coordinates"]) == 1
    ring = typed["coordinates"][0][0]
    moved = [point for point in ring if point[0] > 30.0101]
    assert len(moved) == 1 and 50.0 < moved[0][1] < 50.01, typed  # the corner left the square eastwards
    assert [[30, 50], [30.01, 50], [30, 50.01]] == [point for point in ring[:-1] if point not in moved]
    screenshot(page, "map-admin-edited")
    page.fill("#id_change_reason", "corner moved on the map")
    page.click("input[name=_continue]")
    page.wait_for_selector("ul.messagelist li.success")

    saved = GEOSGeometry(page.locator("#id_geometry").input_value())
    assert saved.geom_type == "MultiPolygon" and saved.srid == 4326
    assert saved.extent[2] == pytest.approx(moved[0][0], abs=1e-9)
    page.goto(page.url.split("/change/")[0] + "/history/")
    last = page.locator("#change-history tbody tr").last
    assert "corner moved on the map" in last.inner_text()
    assert "geometry" in last.locator("code").all_inner_texts()


def test_a_polygon_drawn_on_the_add_forms_map_is_written_as_geojson(page):
    sign_in(page, SUPERUSER)
    page.goto("/admin/kb/hazardarea/add/")
    page.wait_for_selector(EDITOR, timeout=60_000)
    assert page.locator("button[data-tool=polygon]").get_attribute("aria-pressed") == "true"  # nothing to edit yet
    page.locator("#id_geometry-map").evaluate("map => map.scrollIntoView({block: 'center'})")
    corners = [on_screen(page, lng, lat) for lng, lat in [(10, 10), (30, 10), (30, 30)]]
    for corner in [*corners, corners[0]]:  # clicking the first corner again closes the polygon
        page.mouse.click(*corner)

    typed = json.loads(page.locator("#id_geometry").input_value())
    assert typed["type"] == "MultiPolygon" and len(typed["coordinates"]) == 1
    ring = typed["coordinates"][0][0]
    assert len(ring) == 4 and ring[0] == ring[-1]
    for (x, y), clicked in zip(ring[:3], [(10, 10), (30, 10), (30, 30)], strict=True):
        assert (x, y) == pytest.approx(clicked, abs=1)  # a pixel is about half a degree at this zoom
    page.wait_for_function(DRAWN, arg=["id_geometry-map", "geometry"])  # the map draws what the text now holds
    assert axe_violations(page) == []


def type_then_edit(page, text: str, parts: int) -> None:
    """The add form with `text` typed into the geometry, drawn in `parts` on the map, and the editing tool on."""
    sign_in(page, SUPERUSER)
    page.goto("/admin/kb/hazardarea/add/")
    page.wait_for_selector(EDITOR, timeout=60_000)
    page.fill("#id_geometry", text)
    page.wait_for_function(f"() => window.kbEditors['id_geometry-map'].getSnapshot().length === {parts}")
    page.locator("#id_geometry-map").evaluate("map => map.scrollIntoView({block: 'center'})")
    page.click("button[data-tool=select]")


def test_typed_text_is_drawn_and_a_part_deleted_on_the_map_leaves_the_text(page):
    type_then_edit(page, "SRID=4326;MULTIPOLYGON(((1 1, 2 1, 2 2, 1 1)), ((5 5, 6 5, 6 6, 5 5)))", parts=2)
    page.mouse.click(*on_screen(page, 5.7, 5.3))  # inside the second part
    page.click("button[data-tool=delete]:not([disabled])")
    typed = json.loads(page.locator("#id_geometry").input_value())
    assert typed == {"type": "MultiPolygon", "coordinates": [[[[1, 1], [2, 1], [2, 2], [1, 1]]]]}

    page.fill("#id_geometry", "SRID=32636;POLYGON((500000 5540000, 501000 5540000, 501000 5541000, 500000 5540000))")
    expect(page.locator(".kb-map-status")).to_contain_text("cannot draw this text")


def test_a_vertex_is_added_at_a_midpoint_removed_by_right_click_and_dragged_past_the_maps_edge(page):
    type_then_edit(page, '{"type": "Polygon", "coordinates": [[[30, 50], [30.01, 50], [30.01, 50.01], [30, 50]]]}', 1)
    page.mouse.click(*on_screen(page, 30.007, 50.003))
    page.wait_for_selector("button[data-tool=delete]:not([disabled])")

    def ring():
        return json.loads(page.locator("#id_geometry").input_value())["coordinates"][0][0]

    middle = on_screen(page, 30.005, 50.0)  # halfway along the southern edge
    drag(page, middle, (middle[0], middle[1] + 30))
    assert len(ring()) == 5 and ring()[1][1] < 50.0  # a new vertex, south of the edge
    page.mouse.move(middle[0], middle[1] + 30, steps=3)
    page.mouse.click(middle[0], middle[1] + 30, button="right")
    assert ring() == [[30, 50], [30.01, 50], [30.01, 50.01], [30, 50]]

    corner = on_screen(page, 30.01, 50.01)
    top = page.locator("#id_geometry-map canvas").bounding_box()["y"]
    drag(page, corner, (corner[0], top - 20))  # let go above the map
    assert ring()[2][1] > 50.01
    page.mouse.move(corner[0] - 100, corner[1] + 100, steps=5)  # the drag has ended: the vertex stays
    assert ring()[2][1] > 50.01


def test_a_viewer_gets_a_map_without_editing(page, screenshot):
    sign_in(page, "viewer")
    open_factory_hazard(page)
    assert drawn(page, "geometry-map", "geometry")
    assert page.locator("#id_geometry").count() == 0 and page.locator(".kb-map-tools").count() == 0
    assert page.locator("#geometry-map").get_attribute("data-editing") is None
    screenshot(page, "map-admin-view-only")
    assert axe_violations(page) == []

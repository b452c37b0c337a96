"""The maps in chromium (WebGL by SwiftShader): the world choropleth, a country's hazard map and the admin's geometry
widget draw features from the site's own tiles and data, read back from MapLibre (window.kbMaps), with screenshots
and axe-core's rules. The page fixture fails a test on any request to another host and on anything the
Content-Security-Policy refuses."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import SUPERUSER, sign_in
from tests.browser.test_admin_pages import axe_violations
from tests.browser.test_public_pages import AXE_OPTIONS

RENDERED = """([id, layer]) => window.kbMaps[id].queryRenderedFeatures({layers: [layer]}).map(f => f.properties)"""


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

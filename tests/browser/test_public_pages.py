"""The public pages in chromium: charts drawn, three languages, screenshots, and axe-core's basic rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import elsewhere

# Labels, contrast, headings, landmarks, names of links and controls, lang: WCAG 2 A and AA rules.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
HEADINGS = {"en": "Treaties", "uk": "Договори", "ru": "Договоры"}
POLAND = {"en": "Poland", "uk": "Польща", "ru": "Польша"}


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
def test_world_page_charts_casualties_2016_to_2022(page, screenshot, language):
    page.goto(f"/{language}/")
    chart = page.locator("figure.chart").first
    assert chart.locator("svg rect").count() >= 7
    labels = chart.locator("svg text.label").all_text_contents()
    assert labels == [str(year) for year in range(2016, 2023)]
    assert page.locator("html").get_attribute("lang") == language
    screenshot(page, f"world-{language}")


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
def test_poland_profile_timeline_production_and_east_shield(page, screenshot, language):
    page.goto(f"/{language}/countries/POL/")
    assert page.locator("h1").inner_text().startswith(POLAND[language])
    assert page.locator("#treaties-heading").inner_text() == HEADINGS[language]
    days = page.locator("ol.timeline time").evaluate_all("nodes => nodes.map(n => n.getAttribute('datetime'))")
    assert {"2012-12-27", "2025-08-20", "2026-02-20"} <= set(days)
    body = page.locator("main").inner_text()
    assert "Belma" in body and "East Shield" in body
    screenshot(page, f"poland-{language}")


@pytest.mark.parametrize("path", ["/en/", "/en/countries/", "/en/countries/POL/", "/uk/countries/UKR/"])
def test_pages_pass_axe_core_basic_rules(page, path):
    page.goto(path)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_tables_are_there_without_javascript(browser, site_url):
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/en/countries/POL/")
    assert tab.locator("table caption").count() >= 2  # treaty actions, production
    tab.goto("/en/")
    assert tab.locator("figure.chart table tbody tr").count() >= 7
    context.close()


@pytest.mark.parametrize("path", ["/api/redoc/", "/api/docs/", "/admin/login/"])
def test_api_docs_and_admin_login_work_offline(page, path):
    """The page fixture fails the test on any request to another host (ReDoc used to ask Google Fonts)."""
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert page.title()


def test_a_request_to_another_host_is_caught(browser, site_url):
    """The offline check itself: a page that loads a font from elsewhere is seen."""
    context = browser.new_context(base_url=site_url)
    seen = []
    context.route(elsewhere(site_url), lambda route: (seen.append(route.request.url), route.abort()))
    tab = context.new_page()  # a blank page: no Content-Security-Policy refuses the font before it is requested
    tab.set_content('<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto"><p>x</p>')
    tab.wait_for_timeout(500)
    context.close()
    assert seen == ["https://fonts.googleapis.com/css2?family=Roboto"]

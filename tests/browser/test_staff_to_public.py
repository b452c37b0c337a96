"""From a file to the public chart: an editor imports with preview and confirm and submits the figures, a reviewer
publishes them, a visitor sees them on the country's chart and reads the page in Ukrainian."""

from tests.browser.conftest import sign_in

IMPORT = (
    b"country_code,period,total,killed,injured,source\n"
    b"KHM,2023,51,11,40,lm2023-impact\n"
    b"KHM,2024,49,12,37,lm2023-impact\n"
)


def sign_out(page):
    with page.expect_navigation():
        page.click("#logout-form button")


def run_action(page, changelist_url, action):
    page.goto(changelist_url)
    page.check("#action-toggle")
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.click("button[name=index]")


def test_import_preview_confirm_publish_and_see_it_on_the_profile(page, screenshot):
    sign_in(page, "editor")
    screenshot(page, "admin-dashboard")
    page.goto("/admin/kb/casualtyrecord/")
    page.click("text=Import CSV / Excel")
    page.set_input_files("input[type=file]", {"name": "cambodia.csv", "mimeType": "text/csv", "buffer": IMPORT})
    with page.expect_navigation():
        page.click("input[value=Preview]")
    assert page.locator("text=Confirm import").count() == 1
    screenshot(page, "admin-import-preview")
    page.click("input[name=confirm]")
    page.wait_for_selector("text=Imported")
    screenshot(page, "admin-import-applied")

    drafts = "/admin/kb/casualtyrecord/?status__exact=draft&q=KHM"
    run_action(page, drafts, "submit_for_review")
    screenshot(page, "admin-submitted")
    assert page.locator(".messagelist .success").count() == 1
    sign_out(page)

    sign_in(page, "reviewer")
    run_action(page, "/admin/kb/casualtyrecord/?status__exact=in_review", "publish")
    assert page.locator(".messagelist .success").count() == 1
    screenshot(page, "admin-published")

    page.goto("/en/countries/KHM/")
    chart = page.locator("figure.chart").first
    assert chart.locator("svg text.label").all_text_contents() == ["2023", "2024"]
    table = chart.locator("table").inner_text()
    assert "51" in table and "49" in table
    screenshot(page, "cambodia-en")

    page.select_option("#language", "uk")
    with page.expect_navigation():
        page.click("form.language button")
    page.wait_for_url("**/uk/countries/KHM/")
    assert page.locator("h1").inner_text().startswith("Камбоджа")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("#casualties-heading").inner_text() not in ("", "Casualties")
    screenshot(page, "cambodia-uk")

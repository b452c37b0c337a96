"""Finding records in the admin by typing a country, and keeping the selection as a saved filter, in a real browser
under the site's Content-Security-Policy (the page fixture fails on any refused script or request elsewhere)."""

import re

from tests.browser.test_staff_to_public import sign_in


def choose(page, select_id: str, typed: str, option: str):
    """Pick a record in a select2 box: open it, type, click the offered option."""
    page.click(f"#{select_id} + .select2")
    page.fill(".select2-container--open .select2-search__field", typed)
    with page.expect_navigation():
        page.click(f".select2-results__option:text-is('{option}')")


def test_filter_by_typing_a_country_then_save_and_reapply_it(page, screenshot):
    sign_in(page, "editor")
    page.goto("/admin/kb/casualtyrecord/?status__exact=published")
    choose(page, "filter_area__id__exact", "Syri", "Syria")
    assert re.search(r"area__id__exact=\d+", page.url) and "status__exact=published" in page.url
    assert page.locator("#filter_area__id__exact option[selected]").inner_text() == "Syria"
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    screenshot(page, "admin-autocomplete-filter")

    page.fill("#kb-saved-filter-name", "Syria published")
    with page.expect_navigation():
        page.click(".kb-saved-filters button[type=submit]")
    assert page.locator(".messagelist .success").inner_text() == "The filter “Syria published” was saved."

    page.goto("/admin/kb/casualtyrecord/")
    with page.expect_navigation():
        page.click(".kb-saved-filters a:text-is('Syria published')")
    assert page.locator("#result_list tbody tr").count() == 2
    assert page.locator(".kb-saved-filters li.selected").count() == 1
    screenshot(page, "admin-saved-filter")


def test_enter_a_period_in_parts_and_read_what_to_fix(page, screenshot):
    sign_in(page, "editor")
    page.goto("/admin/kb/casualtyrecord/add/")
    page.select_option("#id_period_0", "month")
    page.fill("#id_period_1", "2023-13")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert "Enter the month as year-month, e.g. 2025-12." in page.locator(".field-period .errorlist").inner_text()
    assert page.locator("#id_period_1").input_value() == "2023-13"  # what was typed stays, to be corrected
    screenshot(page, "admin-period-widget")

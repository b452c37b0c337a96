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

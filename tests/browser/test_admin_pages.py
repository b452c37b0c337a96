"""Every admin page on a 1366x768 screen in en, uk and ru, signed in as a superuser: the change list, a change page,
the add page and, where a model imports, the upload page, a preview and a rejected file's error report. Each page is
screenshotted (test-artifacts/screenshots/admin-<model>-<page>-<lang>.png), must not scroll sideways (neither the page
nor any box in it, the change list's table included) and must pass axe-core's WCAG 2 A/AA rules.

The pages come from the admin site's registry, so a newly registered model is covered without editing this file."""

import csv
import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from kb.admin.workflow import ImportExportAdminMixin
from tests.browser.conftest import SUPERUSER, WatchedContext, sign_in
from tests.browser.test_public_pages import AXE_OPTIONS

LANGUAGES = {"en": "en-GB", "uk": "uk-UA", "ru": "ru-RU"}  # the admin's language -> the browser's locale
VIEWPORT = {"width": 1366, "height": 768}  # the NGO staff's laptops
IMPORT_PAGES = ["import", "import-preview", "import-errors"]
ORDER = ["changelist", "change", "add", *IMPORT_PAGES, "import-gis"]  # the change page reuses the list's first link
# Boxes that scroll sideways: the page itself or any element whose content is wider than it (a table in an
# overflow:auto box hides its last columns behind a scrollbar).
SIDEWAYS = """() => {
  const root = document.documentElement;
  // A list box's own scrolling (Django's two-box permission picker) is the widget's, not the layout's.
  const wide = [...document.querySelectorAll("body *:not(select)")].filter(el => {
    const overflow = getComputedStyle(el).overflowX;
    return (overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1;
  });
  return {
    page: root.scrollWidth > root.clientWidth ? root.scrollWidth - root.clientWidth : 0,
    boxes: wide.map(el => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}: `
                         + `${el.scrollWidth - el.clientWidth}px`),
  };
}"""


def _superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(username=SUPERUSER, is_superuser=True, is_staff=True, is_active=True)
    return request


def admin_pages() -> list[tuple[str, str]]:
    """(model label, page) for every page of every registered model admin that a superuser may open."""
    request = _superuser_request()
    pages = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        pages += [(label, "changelist"), (label, "change")]
        if model_admin.has_add_permission(request):
            pages.append((label, "add"))
        if isinstance(model_admin, ImportExportAdminMixin):
            pages += [(label, page) for page in IMPORT_PAGES]
        if hasattr(model_admin, "import_gis_view"):
            pages.append((label, "import-gis"))
    return sorted(pages, key=lambda item: (item[0], ORDER.index(item[1])))


PAGES = [(label, page, language) for language in LANGUAGES for label, page in admin_pages()]


def _url(label: str, name: str) -> str:
    return reverse(f"admin:{label.replace('.', '_')}_{name}")


@pytest.fixture(scope="module")
def staff(browser, site_url):
    """A signed-in tab per language (one browser context each, reused by every page of that language)."""
    opened: dict[str, tuple[WatchedContext, object]] = {}

    def tab_for(language):
        if language not in opened:
            watched = WatchedContext(browser, site_url, viewport=VIEWPORT, locale=LANGUAGES[language])
            watched.context.add_cookies([{"name": "django_language", "value": language, "url": site_url}])
            tab = watched.new_page()
            sign_in(tab, SUPERUSER)
            opened[language] = (watched, tab)
        return opened[language]

    yield tab_for
    for watched, _tab in opened.values():
        watched.context.close()


FIRST_ROWS: dict[str, str] = {}  # model label -> its change list's first change link, seen by the changelist test


def _open_changelist(tab, label):
    tab.goto(_url(label, "changelist"))
    links = tab.locator("#result_list tbody tr").first.locator("th a, td a")
    if links.count():
        FIRST_ROWS[label] = links.first.get_attribute("href")


def _open_change(tab, label):
    if label not in FIRST_ROWS:
        _open_changelist(tab, label)
    if label not in FIRST_ROWS:
        pytest.skip(f"the demo data has no {label}")
    assert tab.goto(FIRST_ROWS[label]).ok


def _export_rows(tab, label) -> list[list[str]]:
    """The change list exported as CSV: the header and the rows, which an import reads back."""
    response = tab.request.get(_url(label, "export") + "?_format=csv")
    assert response.ok
    return list(csv.reader(io.StringIO(response.text())))


def _upload(tab, label, rows, name):
    tab.goto(_url(label, "import"))
    content = io.StringIO()
    csv.writer(content).writerows(rows)
    upload = {"name": name, "mimeType": "text/csv", "buffer": content.getvalue().encode()}
    tab.set_input_files("input[type=file]", upload)
    with tab.expect_navigation():
        tab.click("#content form input[type=submit]")


def _first_exported_row(tab, label) -> tuple[list[str], list[str]]:
    header, *rows = _export_rows(tab, label)
    if not rows:
        pytest.skip(f"the demo data has no {label} to import again")
    return header, rows[0]


def _open_import_preview(tab, label):
    header, first = _first_exported_row(tab, label)
    _upload(tab, label, [header, first], "one-row.csv")
    assert tab.locator("#import-errors").count() == 0, tab.locator("#import-errors").inner_text()
    assert tab.locator("input[name=confirm]").count() == 1


def _open_import_errors(tab, label):
    header, first = _first_exported_row(tab, label)
    # Every filled cell of the row made nonsense: no resource reads a row of such values (codes, numbers, dates).
    _upload(tab, label, [header, [f"?{cell}?" if cell else cell for cell in first]], "with-errors.csv")
    assert tab.locator("#import-errors tbody tr").count() >= 1
    report = tab.request.get(tab.locator("#error-report").get_attribute("href"))
    assert report.ok and "?" in report.text()


OPEN = {
    "changelist": _open_changelist,
    "change": _open_change,
    "add": lambda tab, label: tab.goto(_url(label, "add")),
    "import": lambda tab, label: tab.goto(_url(label, "import")),
    "import-preview": _open_import_preview,
    "import-errors": _open_import_errors,
    "import-gis": lambda tab, label: tab.goto(_url(label, "import_gis")),
}


# (axe rule, CSS selector) -> why that rule cannot pass on those elements; the rule still runs on every other element.
AXE_EXCEPTIONS = {
    ("label", ".select2-search__field"): "the search box select2 adds to a multiple choice, which has no label",
    ("aria-prohibited-attr", ".search-label-icon"): (
        "the magnifier icon Django's two-box picker (SelectFilter2.js, users' and groups' permissions) builds: an "
        "aria-label on a span without a role; the search box beside it is labelled"
    ),
    ("label", ".inline-related.tabular td input, .inline-related.tabular td textarea"): (
        "Django's tabular inline (the citations under a record) names its fields by the column headers only, with "
        "no <label> per row; a stacked inline would label them at the cost of a screen of height per citation"
    ),
    ("aria-input-field-name", ".select2-selection, .select2-selection__rendered"): (
        "Django's autocomplete widget is the select2 it ships: the script builds a combobox named by the chosen "
        "value only (empty on a blank form) and does not read the field's <label>; the <select> it stands for is "
        "labelled and keeps the value"
    ),
    ("list", ".select2-selection__rendered"): (
        "select2's multiple choice (a coverage list's areas) shows the chosen values as a <ul> whose search box sits "
        "in a <span>, not an <li>"
    ),
}
EXCUSED = """([target, selector]) => document.querySelector(target)?.matches(selector) ?? false"""
AXE = Axe()
# Only the violations come back with all their elements (the passes are most of a long list's answer otherwise).
AXE_RUN = {**AXE_OPTIONS, "resultTypes": ["violations"]}


def axe_violations(tab) -> list[str]:
    """What axe-core finds on the page, but for the elements AXE_EXCEPTIONS names for that rule."""
    found = []
    for violation in AXE.run(tab, options=AXE_RUN).response["violations"]:
        selectors = [selector for rule, selector in AXE_EXCEPTIONS if rule == violation["id"]]
        for node in violation["nodes"]:
            target = node["target"][0]
            if not any(tab.evaluate(EXCUSED, [target, selector]) for selector in selectors):
                found.append(f"{violation['id']} ({violation['help']}): {target}")
    return found


@pytest.mark.parametrize(("label", "page", "language"), PAGES, ids=[f"{lb}-{p}-{lg}" for lb, p, lg in PAGES])
def test_admin_page_fits_the_screen_and_passes_axe(staff, screenshot, label, page, language):
    watched, tab = staff(language)
    watched.external.clear()
    watched.blocked.clear()
    OPEN[page](tab, label)
    assert tab.locator("html").get_attribute("lang") == language
    screenshot(tab, f"admin-{label.split('.')[1]}-{page}-{language}")
    sideways = tab.evaluate(SIDEWAYS)
    assert sideways == {"page": 0, "boxes": []}, "the page scrolls sideways at 1366x768"
    assert axe_violations(tab) == []
    watched.check()


@pytest.mark.parametrize("path", ["/admin/login/", "/en/"])
def test_admin_and_public_pages_show_the_site_icon(page, path):
    """Served by the site itself (the Content-Security-Policy allows no other host), as SVG."""
    page.goto(path)
    icon = page.request.get(page.locator("link[rel=icon]").get_attribute("href"))
    assert icon.ok
    assert icon.headers["content-type"] == "image/svg+xml"
    assert icon.text().startswith("<svg")

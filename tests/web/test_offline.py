"""Every page works offline: no public page, API docs page or admin page loads anything from another host (fonts,
scripts, styles, images). Links to other sites are fine: following one is the reader's choice, not a request."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import reverse

from kb.models import CasualtyRecord, ImportBatch

pytestmark = pytest.mark.django_db

# Attributes whose URL a browser fetches by itself when it renders the page.
FETCHED = {"src", "srcset", "poster", "data", "background", "formaction"}
URL_IN_CSS = ("url(", "@import")


class ResourceFinder(HTMLParser):
    """Collects the URLs a page makes the browser load: src-like attributes, every <link>, CSS url() and @import."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in FETCHED or (tag == "link" and name == "href"):
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            if name == "style":
                self.urls += css_urls(value)
            if tag == "meta" and name == "content" and "url=" in value.lower():
                self.urls.append(value.lower().split("url=", 1)[1])
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.urls += css_urls(data)


def css_urls(text: str) -> list[str]:
    urls = []
    for marker in URL_IN_CSS:
        for part in text.split(marker)[1:]:
            target = part.strip().lstrip("(").strip()
            quote = target[:1] if target[:1] in "'\"" else ""
            target = target[1:].split(quote, 1)[0] if quote else target.split(")", 1)[0].split(";", 1)[0]
            urls.append(target.strip())
    return urls


def external(urls: list[str]) -> list[str]:
    return [url for url in urls if urlsplit(url).netloc not in ("", "testserver") or url.startswith("//")]


def loaded_urls(client, path: str) -> list[str]:
    response = client.get(path, follow=True)
    assert response.status_code in (200, 403), path  # 403: an add form no one may use (changes come by import)

    finder = ResourceFinder()
    finder.feed(response.content.decode())
    urls = list(finder.urls)
    # Stylesheets served from /static/ may load fonts or images themselves.
    for url in finder.urls:
        if url.startswith("/static/") and url.split("?")[0].endswith(".css"):
            found = finders.find(url.split("?")[0].removeprefix("/static/"))
            if found:
                with open(found, encoding="utf-8") as handle:
                    urls += css_urls(handle.read())
    return urls


def test_the_finder_sees_what_a_browser_would_load():
    """The check itself: each way a page can load from another host is caught; a plain link is not."""
    finder = ResourceFinder()
    finder.feed(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">'
        '<link rel="preconnect" href="https://fonts.gstatic.com">'
        '<script src="//cdn.example.org/x.js"></script><img srcset="/a.png 1x, https://img.example.org/b.png 2x">'
        "<style>@font-face { src: url('https://fonts.example.org/f.woff2') }</style>"
        '<div style="background: url(https://img.example.org/c.png)"></div>'
        '<a href="https://www.the-monitor.org/">the Monitor</a><img src="/static/local.png">'
    )
    assert external(finder.urls) == [
        "https://fonts.googleapis.com/css2?family=Roboto",
        "https://fonts.gstatic.com",
        "//cdn.example.org/x.js",
        "https://img.example.org/b.png",
        "https://fonts.example.org/f.woff2",
        "https://img.example.org/c.png",
    ]


def public_pages() -> list[str]:
    published = CasualtyRecord.objects.filter(status="published", area__kind="country")
    code = published.values_list("area__code", flat=True).first() or "UKR"
    pages = []
    for language in ("en", "uk", "ru"):
        pages += [f"/{language}/", f"/{language}/countries/", f"/{language}/countries/{code}/"]
    return pages


def test_public_and_api_pages_load_nothing_from_another_host(client, demo_data):
    pages = [*public_pages(), "/api/docs/", "/api/redoc/", "/api/v1/?format=api", "/api/v1/casualties/?format=api"]
    found = {page: external(loaded_urls(client, page)) for page in pages}
    assert {page: urls for page, urls in found.items() if urls} == {}


def test_redoc_uses_the_systems_fonts(client):
    page = client.get("/api/redoc/").content.decode()
    assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page
    assert '"fontFamily": "system-ui' in page or '"fontFamily":"system-ui' in page


def admin_pages() -> list[str]:
    """The index, each model's list, add form and the change form of its first record, the import pages."""
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse(f"admin:{info[0]}_{info[1]}_changelist"))
        instance = model._default_manager.first()
        if instance is not None and model is not ImportBatch:
            pages.append(reverse(f"admin:{info[0]}_{info[1]}_change", args=[instance.pk]))
        if model is not ImportBatch:  # batches are made by uploading a file, not added
            pages.append(reverse(f"admin:{info[0]}_{info[1]}_add"))
    pages.append(reverse("admin:kb_casualtyrecord_import"))
    return pages


def test_admin_pages_load_nothing_from_another_host(admin_client, demo_data):
    batch = ImportBatch.objects.create(resource="casualties", filename="a.csv", content=b"", report=[])
    pages = [*admin_pages(), reverse("admin:kb_importbatch_change", args=[batch.pk])]
    pages.append(reverse("admin:kb_casualtyrecord_change", args=[CasualtyRecord.objects.first().pk]))
    found = {page: external(loaded_urls(admin_client, page)) for page in pages}
    assert {page: urls for page, urls in found.items() if urls} == {}

"""A real server and a real browser: the site runs in its own process on its own database (migrated and loaded with
the demo data), and Debian's chromium is driven by Playwright. Skipped when chromium is missing (scripts/browser.sh
installs it where it can)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

CHROMIUM = Path(os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# As root and on a closed network chromium needs these (no sandbox, no calls home).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # WebGL for the maps (MapLibre) without a GPU: chromium's software renderer.
    "--use-gl=angle",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
USERS = {"editor": "editor", "reviewer": "reviewer", "viewer": "viewer"}  # username -> role
SUPERUSER = "admin"  # sees every admin page (tests/browser/test_admin_pages.py)
PASSWORD = "browser-test-pw-4821"

if not CHROMIUM.exists():
    pytest.skip(f"no chromium at {CHROMIUM} (scripts/browser.sh installs Debian's package)", allow_module_level=True)

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_urls() -> tuple[str, str]:
    """(maintenance URL, URL of this run's own database) on the server the tests use."""
    base = psycopg.conninfo.conninfo_to_dict(os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, ... under pytest-xdist: a database per worker
    name = f"test_{base.get('dbname', 'kb')}_browser{'_' + worker if worker else ''}"
    maintenance = psycopg.conninfo.make_conninfo(**{**base, "dbname": "postgres"})
    own = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    return maintenance, own


def _recreate(maintenance: str, url: str, *, drop_only: bool = False) -> None:
    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _manage(env, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


CREATE_USERS = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
for username, role in {users!r}.items():
    user = get_user_model().objects.create_user(username=username, password={password!r}, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
get_user_model().objects.create_superuser(username={superuser!r}, password={password!r})
"""
# One row of each kind the demo data lacks (as tests/api's one_of_each), so every admin page has a record to show,
# to edit and to export for a test import.
CREATE_MISSING = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from kb.models import CoverageList, ExportJob, ImportBatch, Organisation, ReleaseJob, RevertJob, SavedFilter
from kb.services.revert_jobs import revert_job_task
from kb.services.releases import release_publish
from kb.services.synthetic_hazards import synthetic_hazards_seed
from kb.services.tokens import token_create
from tests.factories.hazards import HazardAreaFactory, LandReleaseActivityFactory
from tests.factories.obligations import TreatyObligationFactory
from tests.factories.reference import AdminAreaFactory, AreaFactory
from tests.factories.statistics import ContaminationRecordFactory, UseReportFactory
area = AreaFactory(code="XSV")
admin_area = AdminAreaFactory(area=area)
ContaminationRecordFactory(area=area, admin_area=admin_area)
UseReportFactory(area=area)
HazardAreaFactory(area=area, admin_area=admin_area)
synthetic_hazards_seed(codes=["UKR"], per_country=12)  # the country profile's hazard map (tests/browser/test_maps.py)
LandReleaseActivityFactory(area=area)
token_create(organisation=Organisation.objects.order_by("pk").first(), name="browser tests", scopes=["read"])
CoverageList.objects.create(slug="browser-tests", name="Browser tests").areas.add(area)
release_publish(name="browser-tests", title="Browser tests")
ExportJob.objects.create(resource="casualties", format="csv", status="failed", error="Browser tests")
ReleaseJob.objects.create(name="browser-failed", title="Browser tests", as_of=timezone.now(), status="failed",
                          error="Browser tests")
TreatyObligationFactory(area=area)
SavedFilter.objects.create(user=get_user_model().objects.get(is_superuser=True), model_label="kb.casualtyrecord",
                           name="Browser tests", querystring="o=-1")
batch = ImportBatch.objects.create(resource="casualties", filename="browser-tests.csv", content=b"", status="applied")
revert = RevertJob.objects.create(batch=batch, status="failed", error="Browser tests")
revert_job_task.enqueue(revert.pk)  # a task result for the task admin (no worker runs here)
"""


@pytest.fixture(scope="session")
def site_url():
    maintenance, url = _database_urls()
    _recreate(maintenance, url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "true"}
    _manage(env, "migrate", "-v0")
    _manage(env, "kb_seed_demo", "-v0")
    _manage(env, "shell", "-c", CREATE_USERS.format(users=USERS, superuser=SUPERUSER, password=PASSWORD))
    _manage(env, "shell", "-c", CREATE_MISSING)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/en/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        _recreate(maintenance, url, drop_only=True)


@pytest.fixture(scope="session")
def browser():
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


def elsewhere(site_url: str):
    """A predicate: does this URL lead to a host other than the test server? (data: and blob: stay in the page.)"""
    own = urlsplit(site_url).netloc

    def other_host(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme not in ("data", "blob", "about") and parts.netloc != own

    return other_host


class WatchedContext:
    """A browser context that records every request to another host (refused before it leaves the machine: a
    closed network would only make it slow) and everything the Content-Security-Policy refused."""

    def __init__(self, browser, site_url, **options):
        self.context = browser.new_context(base_url=site_url, **options)
        self.external, self.blocked = [], []
        self.context.route(elsewhere(site_url), lambda route: (self.external.append(route.request.url), route.abort()))

    def new_page(self):
        tab = self.context.new_page()
        tab.on("console", self._watch)
        return tab

    def _watch(self, message):
        if "Content Security Policy" in message.text:  # how chromium reports what the policy refused
            self.blocked.append(message.text)

    def check(self):
        assert self.external == [], "the page requested another host"
        assert self.blocked == [], "the page needs something its Content-Security-Policy refuses"


@pytest.fixture
def page(browser, site_url):
    watched = WatchedContext(browser, site_url, viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield watched.new_page()
    watched.context.close()
    watched.check()


def sign_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take

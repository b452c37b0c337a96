"""Shared fixtures. The database is real PostgreSQL (DATABASE_URL from scripts/db.sh)."""

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import AreaFactory, SourceFactory, TreatyFactory


@pytest.fixture(autouse=True)
def no_codes_kept_from_another_test(monkeypatch):
    """Each test starts with no codes kept per data stamp (api/filters/lists.py): tests that hold the stamp still
    with a fixed text would otherwise carry one test's rows into the next."""
    monkeypatch.setattr("api.filters.lists._FOUND_UNDER", (None, {}))


@pytest.fixture(autouse=True)
def english_after_each_test():
    """Each test starts in the default language: one that renders a page in Ukrainian or Russian (a request, a
    template, a test client) leaves that language active in the thread for the next test otherwise."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(username="staff", password="pw-staff-123", is_staff=True)


@pytest.fixture
def staff_client(staff_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(staff_user)
    return client


@pytest.fixture
def area(db):
    return AreaFactory(code="POL")


@pytest.fixture
def source(db):
    return SourceFactory(slug="test-report", title="A test report")


@pytest.fixture
def treaty(db):
    return TreatyFactory()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference and demo data once per run, through kb_seed_demo (the same import path as uploads).

    Every test starts from this state and its own changes are rolled back. Tests that create their own rows use
    areas the demo data does not have (codes X..), so counts stay predictable."""
    with django_db_blocker.unblock():
        call_command("kb_seed_demo", verbosity=0)
    yield
    # The replica aliases (tests/kb/routing) hold connections of their own to the test database, which would keep
    # it from being dropped at the end.
    connections.close_all()


@pytest.fixture
def demo_data(db):
    """Marks a test that relies on the demo data set (always loaded; see django_db_setup)."""


def _member_of(role: str, username: str):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username=username, password=f"pw-{username}-123", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db):
    return _member_of("viewer", "vera-viewer")


@pytest.fixture
def editor(db):
    return _member_of("editor", "ed-editor")


@pytest.fixture
def reviewer(db):
    return _member_of("reviewer", "rita-reviewer")


@pytest.fixture
def second_reviewer(db):
    return _member_of("reviewer", "rob-reviewer")


@pytest.fixture
def partner_org(db):
    from kb.models import Organisation

    return Organisation.objects.get(name="Humanity & Inclusion")


@pytest.fixture
def make_token(partner_org):
    """make_token(scopes=["read", "submit"], **options) -> (token, APIClient authenticated with it)."""
    from kb.services.tokens import token_create

    def make(scopes=("read", "submit"), organisation=None, **options):
        token, key = token_create(
            organisation=organisation or partner_org, name=f"test {len(scopes)}", scopes=list(scopes), **options
        )
        client = APIClient(headers={"Authorization": f"Token {key}"})
        return token, client

    return make


@pytest.fixture
def partner_client(make_token):
    return make_token()[1]


@pytest.fixture
def run_tasks(monkeypatch):
    """run_tasks() runs the task worker (`manage.py db_worker`) until the queue is empty. Its connection hygiene
    would close the test's connection (it sits in the test's transaction, which to the worker looks like a broken
    one), so that step is left out here."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def media_root(settings, tmp_path):
    """Files (export jobs) go to a directory of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def second_connection():
    """Another session on the test database, in autocommit: another worker, as PostgreSQL sees it."""
    params = connection.get_connection_params()
    other = psycopg.connect(
        **{k: v for k, v in params.items() if k in ("dbname", "user", "host", "port", "password")}, autocommit=True
    )
    yield other
    other.close()

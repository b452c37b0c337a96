"""Admin sign-in is rate-limited after repeated failures."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_failed_sign_ins_are_limited(client, admin_user, settings):
    cache.clear()
    settings.ADMIN_LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "admin", "password": "wrong"})
        assert response.status_code == 200
    locked = client.post("/admin/login/", {"username": "admin", "password": "password"})
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(settings.ADMIN_LOGIN_FAILURE_WINDOW)
    cache.clear()
    assert client.post("/admin/login/", {"username": "admin", "password": "password"}).status_code == 302


def test_sign_in_page_still_renders(client):
    assert client.get("/admin/login/").status_code == 200


def test_failures_are_counted_in_a_shared_cache_when_configured(client, admin_user, settings):
    """CACHE_URL=dbcache://... keeps the counts in PostgreSQL, where every worker process sees them."""
    import environ
    from django.core.management import call_command
    from django.db import connection

    settings.CACHES = {"default": environ.Env.cache_url_config("dbcache://kb_test_cache")}
    settings.ADMIN_LOGIN_FAILURE_LIMIT = 2
    call_command("createcachetable", verbosity=0)
    for _ in range(2):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM kb_test_cache")
        assert cursor.fetchone()[0] >= 1
    assert client.post("/admin/login/", {"username": "admin", "password": "password"}).status_code == 429

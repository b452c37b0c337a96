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

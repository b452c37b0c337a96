"""The low-severity findings of docs/reliability.md's security review, and `make soak` on a fresh clone."""

import importlib.util
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def test_low_the_new_token_key_never_travels_in_a_cookie(admin_client, partner_org):
    response = admin_client.post(
        reverse("admin:kb_partnertoken_add"),
        {"organisation": partner_org.pk, "name": "cookie check", "scopes": ["read"], "allowed_ips": ""},
    )
    key = response.context["key"]
    assert key in response.content.decode()
    assert all(key not in morsel.value for morsel in response.cookies.values())
    assert all(key not in morsel.value for morsel in admin_client.cookies.values())


def test_low_junk_query_parameters_do_not_fill_the_response_cache(api_client):
    cache.clear()
    api_client.get("/api/v1/casualties/", {"year": 2018})
    before = len(cache._cache)
    for n in range(20):
        assert api_client.get("/api/v1/casualties/", {"year": 2018, f"junk{n}": "x" * 50}).status_code == 400
    assert len(cache._cache) == before


def test_low_check_deploy_fails_when_the_cache_is_unusable(settings):
    import environ

    settings.CACHES = {"default": environ.Env.cache_url_config("dbcache://kb_no_such_table")}
    with pytest.raises(SystemCheckError, match=r"kb\.E001"):
        call_command("check", deploy=True, tags=["caches"])


def test_low_the_admin_export_is_streamed(admin_client):
    response = admin_client.get(reverse("admin:kb_casualtyrecord_export"), {"_format": "csv"})
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("id,version,country_code,")


def test_soak_makes_its_log_folder_on_a_fresh_clone(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))  # as when run as a script: its shared pieces (scripts/cluster/)
    spec = importlib.util.spec_from_file_location("soak", ROOT / "scripts" / "soak.py")
    soak = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(soak)
    monkeypatch.setattr(soak, "ROOT", tmp_path)  # a checkout without .data/
    log = soak.gunicorn_log()
    assert log == tmp_path / ".data" / "soak-gunicorn.log" and log.parent.is_dir()

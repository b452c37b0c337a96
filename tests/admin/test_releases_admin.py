"""Releases in the admin: reviewers publish through the add form; editors cannot; nobody changes one."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kb.models import Release
from kb.services.releases import MSG_NAME_TAKEN

pytestmark = pytest.mark.django_db


def _form(name: str) -> dict:
    now = timezone.now()
    return {"name": name, "title": "End of year", "as_of_0": now.strftime("%Y-%m-%d"), "as_of_1": "00:00:00"}


def test_reviewer_publishes_a_release_from_the_add_form(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    assert response.status_code == 302, response.content[:2000]
    release = Release.objects.get(name="2026-12")
    assert release.published_by == reviewer.username
    assert release.datapackage["version"] == "2026-12"
    page = client.get(reverse("admin:kb_release_change", args=[release.pk]))
    assert page.status_code == 200
    assert reverse("release-archive", args=["2026-12"]) in page.content.decode()
    assert client.get(reverse("admin:kb_release_changelist")).status_code == 200


def test_a_taken_name_is_a_form_error(client, reviewer):
    client.force_login(reviewer)
    client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    response = client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    assert response.status_code == 200
    assert MSG_NAME_TAKEN.format(name="2026-12") in response.context["adminform"].form.errors["name"]
    assert Release.objects.count() == 1


def test_editor_cannot_publish_and_nobody_can_change_or_delete(client, editor, admin_client):
    client.force_login(editor)
    assert client.get(reverse("admin:kb_release_add")).status_code == 403
    assert client.post(reverse("admin:kb_release_add"), _form("x")).status_code == 403
    admin_client.post(reverse("admin:kb_release_add"), _form("2026-12"))
    release = Release.objects.get(name="2026-12")
    assert admin_client.post(reverse("admin:kb_release_change", args=[release.pk]), _form("other")).status_code == 403
    assert admin_client.post(reverse("admin:kb_release_delete", args=[release.pk]), {"post": "yes"}).status_code == 403
    assert Release.objects.get(pk=release.pk).name == "2026-12"

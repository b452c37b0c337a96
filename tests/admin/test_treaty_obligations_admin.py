"""Treaty obligations in the admin: saved as drafts with history, refused with the rule's message, listed."""

import pytest
from django.urls import reverse

from kb.models import TreatyObligation
from tests.factories import AreaFactory, SourceFactory, TreatyFactory

pytestmark = pytest.mark.django_db


def add(admin_client, **fields):
    data = {
        "treaty": TreatyFactory().pk,
        "area": AreaFactory(code="XOB", name="Obliged land").pk,
        "article": "5",
        "kind": "extension_granted",
        "deadline": "2014-03-01",
        "submitted_on": "2008-05-06",
        "granted_on": "2008-11-28",
        "source": SourceFactory().pk,
        "source_locator": "Article 5 section",
        "kb-citation-content_type-object_id-TOTAL_FORMS": "0",
        "kb-citation-content_type-object_id-INITIAL_FORMS": "0",
        **fields,
    }
    return admin_client.post(reverse("admin:kb_treatyobligation_add"), data)


def test_saved_as_a_draft_with_history(admin_client):
    response = add(admin_client)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = TreatyObligation.objects.get(area__code="XOB")
    assert (row.status, str(row.granted_on)) == ("draft", "2008-11-28")
    assert row.events.count() == 1


def test_grant_before_submission_is_refused_with_the_rule(admin_client):
    response = add(admin_client, granted_on="2008-01-01")
    assert response.status_code == 200
    assert "An extension cannot be granted before it was submitted." in response.content.decode()
    assert not TreatyObligation.objects.filter(area__code="XOB").exists()


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
def test_changelist_lists_and_filters_in_every_language(admin_client, language):
    assert add(admin_client).status_code == 302
    url = reverse("admin:kb_treatyobligation_changelist")
    response = admin_client.get(
        url, {"kind__exact": "extension_granted", "q": "Obliged"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200 and response.context["cl"].result_count == 1
    assert f'lang="{language}"'.encode() in response.content

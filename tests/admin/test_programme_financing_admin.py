"""Programme financing in the admin: saved with its history, refused with the rule's message."""

import pytest
from django.urls import reverse

from kb.models import ProgrammeFinancing
from tests.factories import AreaFactory, SourceFactory
from tests.factories.reference import OrganisationFactory

pytestmark = pytest.mark.django_db


def add(admin_client, **fields):
    data = {
        "slug": "usa-pol-guarantee",
        "area": AreaFactory(code="XFA", name="Financed land").pk,
        "financier": OrganisationFactory(name="Test Treasury", kind="government").pk,
        "instrument": "credit_guarantee",
        "amount": "4000000000",
        "currency": "USD",
        "purpose": "Modernising the armed forces.",
        "source": SourceFactory().pk,
        "kb-citation-content_type-object_id-TOTAL_FORMS": "0",
        "kb-citation-content_type-object_id-INITIAL_FORMS": "0",
        **fields,
    }
    return admin_client.post(reverse("admin:kb_programmefinancing_add"), data)


def test_saved_as_a_draft_with_history(admin_client):
    response = add(admin_client)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = ProgrammeFinancing.objects.get(area__code="XFA")
    assert (row.status, row.currency, row.programme) == ("draft", "USD", None)
    assert row.events.count() == 1


def test_amount_without_currency_is_refused_with_the_rule(admin_client):
    response = add(admin_client, currency="")
    assert response.status_code == 200
    assert "An amount is not negative and needs its currency." in response.content.decode()
    assert not ProgrammeFinancing.objects.filter(area__code="XFA").exists()


def test_changelist_lists_and_filters(admin_client):
    add(admin_client)
    url = reverse("admin:kb_programmefinancing_changelist")
    response = admin_client.get(url, {"instrument__exact": "credit_guarantee", "q": "Financed land"})
    assert response.status_code == 200 and response.context["cl"].result_count == 1


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
def test_the_list_and_its_download_open_in_every_language(admin_client, language):
    assert add(admin_client).status_code == 302
    listed = admin_client.get(reverse("admin:kb_programmefinancing_changelist"), HTTP_ACCEPT_LANGUAGE=language)
    assert listed.status_code == 200 and f'lang="{language}"'.encode() in listed.content
    download = admin_client.get(reverse("admin:kb_programmefinancing_export") + "?_format=csv")
    assert download.status_code == 200


def test_the_list_runs_by_country_then_date(admin_client):
    """A country's financing is listed oldest first, as the model orders it, after the collated country name."""
    assert add(admin_client, slug="later", date="2026-05-01").status_code == 302
    later = ProgrammeFinancing.objects.get(slug="later")
    area, source, financier = later.area, later.source, later.financier
    for slug, date in (("earliest", "2024-01-01"), ("middle", "2025-03-01")):
        ProgrammeFinancing.objects.create(
            slug=slug, area=area, financier=financier, instrument="grant", date=date, source=source
        )
    listed = admin_client.get(reverse("admin:kb_programmefinancing_changelist"), HTTP_ACCEPT_LANGUAGE="uk")
    shown = [row.slug for row in listed.context["cl"].result_list if row.area_id == area.pk]
    assert shown == ["earliest", "middle", "later"]

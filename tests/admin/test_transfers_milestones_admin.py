"""Transfers and programme milestones in the admin: change lists and filters, milestones inline on their
programme's page, a milestone saved as a draft with its history or refused with the rule's message."""

import pytest
from django.urls import reverse

from kb.models import ProgrammeMilestone
from tests.factories import SourceFactory
from tests.factories.programmes import ProgrammeFactory, ProgrammeMilestoneFactory
from tests.factories.statistics import TransferFactory

pytestmark = pytest.mark.django_db


def test_transfer_changelist_lists_and_filters(admin_client):
    TransferFactory(transfer_status="alleged")
    TransferFactory(transfer_status="denied")
    url = reverse("admin:kb_transfer_changelist")
    response = admin_client.get(url, {"transfer_status__exact": "alleged"})
    assert response.status_code == 200 and response.context["cl"].result_count == 1


def test_milestone_changelist_lists_and_filters(admin_client):
    milestone = ProgrammeMilestoneFactory(title="Test start of works")
    ProgrammeMilestoneFactory(kind="announced", programme=milestone.programme)
    url = reverse("admin:kb_programmemilestone_changelist")
    response = admin_client.get(url, {"kind__exact": "construction_start", "q": "Test start"})
    assert response.status_code == 200 and response.context["cl"].result_count == 1
    assert "2024-11-01" in response.content.decode()


def test_programme_page_shows_its_milestones_inline_to_read(admin_client):
    """Milestones are edited on their own page, where the review rules apply, never through the programme's form."""
    milestone = ProgrammeMilestoneFactory(title="Inline milestone title")
    response = admin_client.get(reverse("admin:kb_programme_change", args=[milestone.programme.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inline milestone title" in html
    assert reverse("admin:kb_programmemilestone_change", args=[milestone.pk]) in html
    [formset] = [f for f in response.context["inline_admin_formsets"] if f.formset.model is type(milestone)]
    assert (formset.has_add_permission, formset.has_change_permission, formset.has_delete_permission) == (False,) * 3
    assert not any(name.endswith("-title") for form in formset.formset.forms for name in form.fields)


def add(admin_client, **fields):
    data = {
        "programme": ProgrammeFactory(slug="admin-shield").pk,
        "kind": "planned_completion",
        "date": "2028-01-01",
        "date_precision": "year",
        "title": "Completion by 2028",
        "source": SourceFactory().pk,
        "kb-citation-content_type-object_id-TOTAL_FORMS": "0",
        "kb-citation-content_type-object_id-INITIAL_FORMS": "0",
        **fields,
    }
    return admin_client.post(reverse("admin:kb_programmemilestone_add"), data)


def test_milestone_saved_as_a_draft_with_history(admin_client):
    response = add(admin_client)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = ProgrammeMilestone.objects.get(programme__slug="admin-shield")
    assert (row.status, row.date_label) == ("draft", "2028")
    assert row.events.count() == 1


def test_a_year_not_on_1_january_is_refused_with_the_rule(admin_client):
    response = add(admin_client, date="2028-12-31")
    assert response.status_code == 200
    assert "a year as 1 January" in response.content.decode()
    assert not ProgrammeMilestone.objects.filter(programme__slug="admin-shield").exists()

"""Entering statistics in the admin: the period in parts, readable errors, preferred figures."""

import pytest
from django.urls import reverse

from kb.models import CasualtyRecord
from tests.admin.forms import casualty_add_data
from tests.factories import AreaFactory, CasualtyRecordFactory, SourceFactory

pytestmark = pytest.mark.django_db


def add_casualty(admin_client, **fields):
    area = AreaFactory(code="XAD", name="Admin test", kind="country")
    return admin_client.post(reverse("admin:kb_casualtyrecord_add"), casualty_add_data(area, **fields))


def test_add_a_casualty_figure_with_a_period(admin_client):
    response = add_casualty(admin_client)
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    record = CasualtyRecord.objects.get(area__code="XAD")
    assert (record.period, record.period_kind, record.total, record.status) == ("2021", "year", 12, "draft")


def test_bad_period_is_a_form_error(admin_client):
    response = add_casualty(admin_client, period_precision="range", period_from="2021-01-01", period_to="2020-12-31")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["period"] == ["The period ends before it starts."]


def test_constraint_errors_are_shown_not_raised(admin_client):
    response = add_casualty(admin_client, total="5", killed="4", injured="4")
    assert response.status_code == 200
    assert "cannot exceed the total" in str(response.context["adminform"].form.errors)


def test_change_form_shows_the_period(admin_client, demo_data):
    record = CasualtyRecord.objects.get(area__code="WLD", year=2018, device_type=None, civilian_status=None)
    response = admin_client.get(reverse("admin:kb_casualtyrecord_change", args=[record.pk]))
    assert response.context["adminform"].form.initial["period"] == "2018"


def test_make_preferred_action(admin_client):
    area = AreaFactory(code="XPF")
    first = CasualtyRecordFactory(area=area, total=10)
    second = CasualtyRecordFactory(area=area, total=12, is_preferred=False, source=SourceFactory())
    url = reverse("admin:kb_casualtyrecord_changelist")
    asked = admin_client.post(url, {"action": "make_preferred", "_selected_action": [second.pk]})
    assert asked.status_code == 200  # the reason is asked for first; nothing changes meanwhile
    assert 'name="reason"' in asked.content.decode()
    second.refresh_from_db()
    assert not second.is_preferred
    response = admin_client.post(
        url, {"action": "make_preferred", "_selected_action": [second.pk], "reason": "Revised in the 2024 edition."}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_preferred, second.is_preferred) == (False, True)
    assert (first.preference_reason, second.preference_reason) == ("", "Revised in the 2024 edition.")


def test_make_preferred_refuses_two_figures_of_one_cell(admin_client):
    """The second would demote the first while the message counted both as preferred."""
    area = AreaFactory(code="XP2")
    first = CasualtyRecordFactory(area=area, total=10, source=SourceFactory(slug="edition-a"))
    second = CasualtyRecordFactory(area=area, total=12, is_preferred=False, source=SourceFactory(slug="edition-b"))
    url = reverse("admin:kb_casualtyrecord_changelist")
    chosen = {"action": "make_preferred", "_selected_action": [first.pk, second.pk], "reason": "Newer"}
    response = admin_client.post(url, chosen, follow=True)
    text = response.content.decode()
    assert "Choose one figure per cell" in text and "(edition-a)" in text and "(edition-b)" in text
    assert "now preferred" not in text
    second.refresh_from_db()
    assert not second.is_preferred


def test_ticking_preferred_demotes_the_other_figure(admin_client):
    first = CasualtyRecordFactory(area=AreaFactory(code="XTP"), total=10, status="draft")
    second = CasualtyRecordFactory(
        area=first.area, total=12, is_preferred=False, source=SourceFactory(), status="draft"
    )
    from tests.kb.services.test_history import change_form_data

    url = reverse("admin:kb_casualtyrecord_change", args=[second.pk])
    refused = admin_client.post(url, change_form_data(second, is_preferred="on"))
    assert refused.status_code == 200
    assert "Say why this figure should be the preferred one" in str(refused.context["adminform"].form.errors)
    response = admin_client.post(url, change_form_data(second, is_preferred="on", preference_reason="Newer survey."))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_preferred, second.is_preferred) == (False, True)


def test_a_new_figure_in_an_empty_cell_becomes_preferred(admin_client):
    add_casualty(admin_client)
    assert CasualtyRecord.objects.get(area__code="XAD").is_preferred is True

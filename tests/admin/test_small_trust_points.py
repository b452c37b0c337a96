"""Small trust points: sign-in landing, history of reference records and of API inserts, dates in sentences."""

import pytest
from django.test import Client
from django.urls import reverse

from kb.models import CasualtyRecord, Organisation, Source, Treaty
from kb.services.history import record_history_list

pytestmark = pytest.mark.django_db


def test_signing_in_at_admin_login_directly_lands_on_the_admin_index(staff_user):
    response = Client().post("/admin/login/", {"username": "staff", "password": "pw-staff-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize(
    ("model", "lookup"),
    [(Treaty, {"code": "APMBC"}), (Source, {"slug": "lm2023-impact"}), (Organisation, {"name": "Belma"})],
)
def test_admin_history_of_reference_records_shows_the_recorded_changes(admin_client, model, lookup):
    record = model.objects.get(**lookup)
    url = reverse(f"admin:kb_{model._meta.model_name}_history", args=[record.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No history recorded." not in html
    assert "insert" in html and ">import<" in html


@pytest.mark.parametrize(
    ("model", "lookup", "field", "value"),
    [
        (Treaty, {"code": "APMBC"}, "short_name", "Ottawa Convention"),
        (Source, {"slug": "lm2023-impact"}, "title", "Landmine Monitor 2023 (corrected title)"),
        (Organisation, {"name": "Belma"}, "name", "Belma S.A."),
    ],
)
def test_admin_changes_of_reference_records_are_recorded_with_the_admin_channel(
    admin_client, model, lookup, field, value
):
    record = model.objects.get(**lookup)
    url = reverse(f"admin:kb_{model._meta.model_name}_change", args=[record.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = admin_client.post(url, {**data, field: value, **_inline_management(admin_client, url)})
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    changed = record_history_list(model.objects.get(pk=record.pk))[-1]
    assert (changed.label, changed.channel) == ("update", "admin")
    assert getattr(model.objects.get(pk=record.pk), field) == value


def _inline_management(client, url) -> dict:
    """The management form values of the change page's inlines, as the browser posts them."""
    page = client.get(url)
    values = {}
    for formset in page.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        values |= {f"{management.prefix}-{name}": management[name].value() for name in management.fields}
    return values


def test_api_inserts_are_recorded_with_the_api_channel(partner_client):
    response = partner_client.post(
        "/api/v1/casualties/",
        {"country_code": "XKX", "period": "2019", "total": 3, "source": "lm2022-impact"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    [created] = record_history_list(CasualtyRecord.objects.get(pk=response.json()["id"]))
    assert (created.label, created.channel) == ("insert", "api")


@pytest.mark.parametrize(("language", "year"), [("uk", "2026"), ("ru", "2026")])
def test_dates_in_sentences_end_with_one_full_stop(language, year):
    html = Client().get(f"/{language}/countries/POL/").content.decode()
    assert f"{year}." in html
    assert ".." not in html.replace("...", "")


def test_the_english_profile_gives_the_as_of_date_as_such():
    html = Client().get("/en/countries/POL/").content.decode()
    assert "(status as of" in html
    assert "Withdrawn</strong>\n        on " not in html

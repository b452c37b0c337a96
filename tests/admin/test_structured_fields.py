"""The statistics change form: the period as a precision plus dates, qualifiers as one choice per figure.

What is stored is what the text period and the JSON qualifiers stored before."""

import datetime as dt

import pytest
from django.urls import reverse

from kb.models import CasualtyRecord, ContaminationRecord
from tests.admin.forms import casualty_add_data
from tests.factories import AreaFactory, CasualtyRecordFactory

pytestmark = pytest.mark.django_db


def post_casualty(client, code="XQA", **fields):
    area = AreaFactory(code=code, kind="country")
    return client.post(reverse("admin:kb_casualtyrecord_add"), casualty_add_data(area, **fields))


def errors(response) -> dict:
    assert response.status_code == 200, response
    return response.context["adminform"].form.errors


@pytest.mark.parametrize(
    ("precision", "start", "end", "stored"),
    [
        ("year", "2021", "", ("year", dt.date(2021, 1, 1), dt.date(2021, 12, 31), "2021")),
        ("month", "2021-02", "", ("month", dt.date(2021, 2, 1), dt.date(2021, 2, 28), "2021-02")),
        ("as_of", "2021-06-30", "", ("as_of", dt.date(2021, 6, 30), dt.date(2021, 6, 30), "2021-06-30")),
        (
            "range",
            "2020-07-01",
            "2021-06-30",
            ("range", dt.date(2020, 7, 1), dt.date(2021, 6, 30), "2020-07-01/2021-06-30"),
        ),
    ],
)
def test_each_precision_stores_the_same_period_as_the_text_notation(admin_client, precision, start, end, stored):
    response = post_casualty(admin_client, period_precision=precision, period_from=start, period_to=end)
    assert response.status_code == 302
    record = CasualtyRecord.objects.get(area__code="XQA")
    assert (record.period_kind, record.period_start, record.period_end, record.period) == stored


@pytest.mark.parametrize(
    ("precision", "start", "end", "message"),
    [
        ("", "2021", "", "Choose what the figure covers"),
        ("year", "21", "", "Enter the year as four digits, e.g. 2018."),
        ("month", "2021-13", "", "Enter the month as year-month, e.g. 2025-12."),
        ("as_of", "2021-02-30", "", "Enter the date as year-month-day, e.g. 2021-12-31."),
        ("year", "2021", "2021-12-31", "Only a date range has a last day"),
        ("range", "2021-01-01", "", "A date range needs its last day."),
        ("range", "2021-01-01", "31/12/2021", "Enter the date as year-month-day"),
        ("range", "2021-01-01", "2020-12-31", "The period ends before it starts."),
        ("decade", "2021", "", "Select a valid choice."),
    ],
)
def test_a_bad_period_is_a_field_error_that_says_what_to_type(admin_client, precision, start, end, message):
    response = post_casualty(admin_client, period_precision=precision, period_from=start, period_to=end)
    assert message in " ".join(errors(response)["period"])
    assert not CasualtyRecord.objects.filter(area__code="XQA").exists()


def test_the_change_form_shows_the_stored_period_in_its_parts(admin_client):
    record = CasualtyRecordFactory(
        area=AreaFactory(code="XQB"),
        period_kind="range",
        period_start=dt.date(2019, 1, 1),
        period_end=dt.date(2020, 6, 30),
    )
    page = admin_client.get(reverse("admin:kb_casualtyrecord_change", args=[record.pk])).content.decode()
    assert '<option value="range" selected>' in page
    assert 'name="period_from" value="2019-01-01"' in page
    assert 'name="period_to" value="2020-06-30"' in page


def test_a_qualifier_is_stored_as_the_same_json(admin_client):
    response = post_casualty(admin_client, total="6279", qualifier_total="at_least", qualifier_killed="")
    assert response.status_code == 302
    assert CasualtyRecord.objects.get(area__code="XQA").qualifiers == {"total": "at_least"}


def test_no_qualifier_stores_an_empty_object(admin_client):
    post_casualty(admin_client)
    assert CasualtyRecord.objects.get(area__code="XQA").qualifiers == {}


def test_the_change_form_shows_the_stored_qualifiers(admin_client):
    record = CasualtyRecordFactory(area=AreaFactory(code="XQC"), total=40, qualifiers={"total": "approximately"})
    form = admin_client.get(reverse("admin:kb_casualtyrecord_change", args=[record.pk])).context["adminform"].form
    assert form.initial["qualifier_total"] == "approximately"
    assert form.initial["qualifier_killed"] == ""


def test_a_qualifier_of_an_unreported_figure_is_a_field_error(admin_client):
    response = post_casualty(admin_client, total="12", killed="", qualifier_killed="more_than")
    assert errors(response)["qualifier_killed"] == [
        "The figure “killed” is not reported, so it cannot be qualified: enter it or clear this."
    ]


def test_an_unknown_qualifier_is_a_field_error_not_a_crash(admin_client):
    response = post_casualty(admin_client, qualifier_total="roughly")
    assert "Select a valid choice" in errors(response)["qualifier_total"][0]


def test_every_statistic_offers_one_choice_per_figure(admin_client):
    form = admin_client.get(reverse("admin:kb_contaminationrecord_add")).context["adminform"].form
    assert {name for name in form.fields if name.startswith("qualifier_")} == {
        f"qualifier_{figure}" for figure in ContaminationRecord.figure_fields
    }
    assert "qualifiers" not in form.fields


def test_a_read_only_form_shows_the_qualifiers_in_words(client, viewer):
    record = CasualtyRecordFactory(area=AreaFactory(code="XQD"), total=40, qualifiers={"total": "at_least"})
    client.force_login(viewer)
    response = client.get(reverse("admin:kb_casualtyrecord_change", args=[record.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Total casualties: at least" in page
    assert 'name="qualifier_total"' not in page and 'name="period_precision"' not in page

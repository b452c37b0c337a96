"""The write service (kb/services/writes/): every channel records itself in the history, a stale version is refused,
and an API request's typed values are stored exactly as the same values written as text would be."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from kb.choices import ReviewStatusChoices as Status
from kb.models import Area, CasualtyRecord, Source
from kb.services.history import record_history_list
from kb.services.imports import ImportRejected, rows_import
from kb.services.imports.reader import Table
from kb.services.imports.service import table_import
from kb.services.writes import CHANNEL_ADMIN, CHANNEL_API, CHANNEL_IMPORT
from kb.services.writes.records import (
    MSG_STALE,
    RecordsRejected,
    StaleVersion,
    _issues_by_row,
    record_update,
    records_submit,
)
from kb.services.writes.values import cell_text
from tests.factories import AreaFactory, CasualtyRecordFactory
from tests.kb.services.test_history import change_form_data

pytestmark = pytest.mark.django_db

FIGURE = {"country_code": "XKX", "period": "2024", "total": 7, "killed": 2, "injured": 5, "source": "lm2023-impact"}


def _last_channel(record) -> str:
    return record_history_list(record)[-1].channel


def _api_create(client, **changes) -> tuple[str, str]:
    response = client.post("/api/v1/casualties/", {**FIGURE, **changes}, format="json")
    assert response.status_code == 201, response.json()
    return f"/api/v1/casualties/{response.json()['id']}/", response["ETag"]


def test_api_creates_and_updates_are_recorded_under_the_api_channel(partner_client):
    url, etag = _api_create(partner_client)
    response = partner_client.patch(url, {"total": 8}, format="json", headers={"If-Match": etag})
    assert response.status_code == 200, response.json()
    record = CasualtyRecord.objects.get(pk=response.json()["id"])
    assert [(e.label, e.channel) for e in record_history_list(record)] == [("insert", CHANNEL_API), ("update", "api")]


def test_admin_saves_are_recorded_under_the_admin_channel_with_the_reason(admin_client, admin_user):
    record = CasualtyRecordFactory(area=AreaFactory(code="XWA"), status=Status.IN_REVIEW, total=10)
    url = reverse("admin:kb_casualtyrecord_change", args=[record.pk])
    response = admin_client.post(url, change_form_data(record, total="11", change_reason="Corrected from p. 4"))
    assert response.status_code == 302
    last = record_history_list(record)[-1]
    assert (last.channel, last.reason, last.user) == (CHANNEL_ADMIN, "Corrected from p. 4", admin_user.username)
    record.refresh_from_db()
    assert (record.total, record.status) == (11, Status.DRAFT)  # an edit of a record in review goes back to draft


def test_imports_are_recorded_under_the_import_channel():
    text = "country_code,period,total,source\nXKX,2017,4,lm2023-impact\n"
    rows_import(resource="casualties", content=text.encode(), filename="f.csv")
    assert _last_channel(CasualtyRecord.objects.get(area__code="XKX", year=2017)) == CHANNEL_IMPORT


def test_a_script_calling_the_service_names_no_channel(admin_user):
    record = CasualtyRecordFactory(area=AreaFactory(code="XWS"), total=10)
    record_update(record=record, changes={"total": 12}, by=admin_user, expected_version=None)
    assert _last_channel(record) == ""  # shown as "shell or script"


def test_a_stale_version_is_refused_and_nothing_changes(admin_user):
    record = CasualtyRecordFactory(area=AreaFactory(code="XWV"), total=10)
    seen = record.version
    record_update(record=record, changes={"total": 11}, by=admin_user, expected_version=seen, channel=CHANNEL_API)
    with pytest.raises(StaleVersion) as refused:
        record_update(record=record, changes={"total": 99}, by=admin_user, expected_version=seen, channel=CHANNEL_API)
    record.refresh_from_db()
    assert str(refused.value) == MSG_STALE.format(current=record.version)
    assert (record.total, record.version) == (11, seen + 1)


def test_typed_and_text_values_are_stored_alike(admin_user):
    typed = CasualtyRecordFactory(area=AreaFactory(code="XWT"), total=10)
    text = CasualtyRecordFactory(area=AreaFactory(code="XWX"), total=10)
    record_update(
        record=typed,
        changes={"total": 40, "share_percent": Decimal("12.500000"), "share_of": 40, "period": "2021-06"},
        by=admin_user,
        expected_version=None,
    )
    record_update(
        record=text,
        changes={"total": "40", "share_percent": "12.5", "share_of": "40", "period": "2021-06"},
        by=admin_user,
        expected_version=None,
    )
    typed.refresh_from_db()
    text.refresh_from_db()
    fields = ("total", "share_percent", "share_of", "period_kind", "period_start", "period_end")
    assert [getattr(typed, f) for f in fields] == [getattr(text, f) for f in fields]
    assert typed.share_percent == Decimal("12.5")


def test_typed_citations_qualifiers_and_preference_are_applied(admin_user):
    record = CasualtyRecordFactory(area=AreaFactory(code="XWC"), total=10, is_preferred=False)
    other = Source.objects.exclude(pk=record.source_id).first()
    record_update(
        record=record,
        changes={
            "qualifiers": {" total ": "at_least"},
            "citations": [{"source": other.slug, "locator": " p. 2 "}],
            "preferred": True,
            "preference_reason": "The national figure",
        },
        by=admin_user,
        expected_version=None,
    )
    record.refresh_from_db()
    assert record.qualifiers == {"total": "at_least"}
    assert [(c.source, c.locator) for c in record.citations.all()] == [(other, "p. 2")]
    assert (record.is_preferred, record.preference_reason) == (True, "The national figure")


def test_unknown_cited_sources_and_areas_get_the_files_messages(admin_user):
    record = CasualtyRecordFactory(area=AreaFactory(code="XWU"), total=10)
    with pytest.raises(ValidationError) as refused:
        record_update(
            record=record,
            changes={"citations": [{"source": "no-such", "locator": ""}], "country_code": "QQQ"},
            by=admin_user,
            expected_version=None,
        )
    assert refused.value.message_dict == {
        "citations": ["Unknown source 'no-such' in citations."],
        "country_code": ["Unknown country code 'QQQ'."],
    }


@pytest.mark.parametrize(
    ("given", "stored"),
    [({"total": "12"}, 12), ({"total": 12}, 12), ({"total": "12.0"}, 12), ({"share_percent": "37.50"}, None)],
)
def test_api_numbers_given_as_json_strings_are_read_as_before(partner_client, given, stored):
    url, etag = _api_create(partner_client)
    response = partner_client.patch(url, {**given, "share_of": 12}, format="json", headers={"If-Match": etag})
    assert response.status_code == 200, response.json()
    record = CasualtyRecord.objects.get(pk=response.json()["id"])
    if "total" in given:
        assert record.total == stored
    else:
        assert record.share_percent == Decimal("37.5")


def test_api_numbers_that_are_not_numbers_are_refused_word_for_word(partner_client):
    url, etag = _api_create(partner_client)
    response = partner_client.patch(url, {"total": "1,000"}, format="json", headers={"If-Match": etag})
    assert (response.status_code, response.json()) == (400, {"total": ["A valid integer is required."]})
    response = partner_client.patch(url, {"share_percent": "12.5%"}, format="json", headers={"If-Match": etag})
    assert (response.status_code, response.json()) == (400, {"share_percent": ["A valid number is required."]})


# The API's typed batches and a file of the same rows give the same report ----------------------------------------

BATCHES = {
    "good": [FIGURE, {**FIGURE, "period": "2023", "preferred": True, "preference_reason": "National figure"}],
    "stored already": [{**FIGURE, "period": "2016"}, FIGURE],
    "unknown area": [FIGURE, {**FIGURE, "period": "2022", "country_code": "QQQ"}],
    "same record twice": [FIGURE, dict(FIGURE)],
    "complementary": [
        {"country_code": "XKX", "period": "2021", "total": 7, "source": "lm2023-impact"},
        {"country_code": "XKX", "period": "2021", "killed": 2, "source": "lm2023-impact", "notes": None},
    ],
    "contradicting": [FIGURE, {**FIGURE, "total": 9}],
    "cell rules": [{**FIGURE, "killed": 9}, {**FIGURE, "period": "2019-13"}, {**FIGURE, "period": "2030"}],
    "qualifiers and citations": [
        {**FIGURE, "qualifiers": {"bogus": "at_least"}},
        {**FIGURE, "period": "2020", "citations": [{"source": "no-such", "locator": "p. 1"}]},
        {**FIGURE, "period": "2018", "qualifiers": {"total": "at_least"}, "share_percent": Decimal("12.50")},
    ],
}


def _rolled_back(write):
    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            found = write()
            raise Undo
    except Undo:
        return found


def _as_file(items: list[dict], user):
    table = Table(
        headers=(headers := list(dict.fromkeys(c for item in items for c in item))),
        rows=[[cell_text(item.get(c)) for c in headers] for item in items],
        row_numbers=list(range(1, len(items) + 1)),
        hxl_tags=None,
    )
    try:
        report = table_import(resource="casualties", table=table, by=user, create_only=True)
    except ImportRejected as rejected:
        return _issues_by_row(rejected.issues, len(items))
    return len(report.rows)


def _as_api(items: list[dict], user):
    try:
        return len(records_submit(resource="casualties", records=items, by=user))
    except RecordsRejected as rejected:
        return rejected.items


@pytest.mark.parametrize("name", BATCHES)
def test_a_typed_batch_is_judged_as_the_same_rows_in_a_file(admin_user, name):
    items = BATCHES[name]
    area, source = Area.objects.get(code="XKX"), Source.objects.get(slug="lm2023-impact")
    CasualtyRecordFactory(area=area, source=source, period_start=dt.date(2016, 1, 1), status=Status.DRAFT)
    CasualtyRecordFactory(area=area, period_start=dt.date(2023, 1, 1))  # published, preferred, another source
    assert _rolled_back(lambda: _as_api(items, admin_user)) == _rolled_back(lambda: _as_file(items, admin_user))

"""A change to what a record shows (its source, further citations, organisation, area, treaty) changes the record:
its version and ETag, the list's ETag, and an `updated` entry in the change feed."""

import datetime as dt

import pytest
from django.db import connection

from kb.models import (
    Area,
    CasualtyRecord,
    Citation,
    HazardArea,
    Organisation,
    ProductionRecord,
    Source,
    Treaty,
    TreatyAction,
)
from kb.services.history import event_model_for
from tests.factories import HazardAreaFactory, LandReleaseActivityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def _transaction_start() -> dt.datetime:
    with connection.cursor() as cursor:
        cursor.execute("SELECT now() - interval '1 microsecond'")
        return cursor.fetchone()[0]


def _cite(record):
    Citation.objects.create(record=record, source=Source.objects.get(slug="lm2021-impact"), locator="p. 3")


def _stored_before(*records):
    """Records made in the test, as if stored by an earlier transaction (a record changed in the same transaction is
    not touched again: its own event already carries the new state)."""
    for record in records:
        events = event_model_for(type(record)).objects.filter(pgh_obj_id=record.pk)
        events.update(pgh_created_at=_transaction_start() - dt.timedelta(hours=1))
    return records[0]


def _mapped(factory, **values):
    return factory(area=Area.objects.get(code="UKR"), source=Source.objects.get(slug="lm2023-impact"), **values)


def _activity_with_hazard():
    hazard = _mapped(HazardAreaFactory)
    activity = _mapped(LandReleaseActivityFactory)
    activity.hazard_areas.add(hazard)
    return _stored_before(activity, hazard)


CASES = {
    "citation added": (
        "casualties",
        lambda: CasualtyRecord.objects.get(area__code="WLD", year=2021, source__slug="lm2022-impact"),
        _cite,
        lambda data: data["citations"][-1]["locator"] == "p. 3",
    ),
    "source edited": (
        "casualties",
        lambda: CasualtyRecord.objects.get(area__code="SYR", year=2022),
        lambda record: Source.objects.filter(pk=record.source_id).update(title="Renamed report"),
        lambda data: data["source"]["title"] == "Renamed report",
    ),
    "organisation renamed": (
        "production",
        lambda: ProductionRecord.objects.filter(area__code="POL", basis="actual").get(),
        lambda record: Organisation.objects.filter(pk=record.producer_id).update(name="Belma S.A."),
        lambda data: data["producer"]["name"] == "Belma S.A.",
    ),
    "area renamed": (
        "casualties",
        lambda: CasualtyRecord.objects.get(area__code="UKR", year=2022),
        lambda record: Area.objects.filter(code="UKR").update(name="Ukraine (renamed)"),
        lambda data: data["area"]["name"] == "Ukraine (renamed)",
    ),
    "treaty recoded": (
        "treaty-actions",
        lambda: TreatyAction.objects.get(area__code="POL", kind="withdrawal_notified"),
        lambda record: Treaty.objects.filter(pk=record.treaty_id).update(code="APMBC-1997"),
        lambda data: data["treaty"] == "APMBC-1997",
    ),
    "hazard area's operator renamed": (
        "hazard-areas",
        lambda: _stored_before(_mapped(HazardAreaFactory, operator=Organisation.objects.get(name="Belma"))),
        lambda record: Organisation.objects.filter(pk=record.operator_id).update(name="Belma S.A."),
        lambda data: data["operator"]["name"] == "Belma S.A.",
    ),
    "hazard area's source edited": (
        "hazard-areas",
        lambda: _stored_before(_mapped(HazardAreaFactory)),
        lambda record: Source.objects.filter(pk=record.source_id).update(title="Renamed report"),
        lambda data: data["source"]["title"] == "Renamed report",
    ),
    "linked hazard area renamed": (
        "land-release-activities",
        _activity_with_hazard,
        lambda record: HazardArea.objects.filter(release_activities=record).update(reference="UA-HA-0001"),
        lambda data: [h["reference"] for h in data["hazard_areas"]] == ["UA-HA-0001"],
    ),
    "hazard area linked": (
        "land-release-activities",
        lambda: _stored_before(_mapped(LandReleaseActivityFactory)),
        lambda record: record.hazard_areas.add(_mapped(HazardAreaFactory, reference="UA-HA-0002")),
        lambda data: [h["reference"] for h in data["hazard_areas"]] == ["UA-HA-0002"],
    ),
    "hazard area unlinked": (
        "land-release-activities",
        _activity_with_hazard,
        lambda record: record.hazard_areas.clear(),
        lambda data: data["hazard_areas"] == [],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_dependency_change_moves_the_record_the_lists_and_the_feed(api_client, case):
    resource, find, change, shows = CASES[case]
    record = find()
    since = _transaction_start()
    detail_url = f"/api/v1/{resource}/{record.pk}/"
    before = api_client.get(detail_url)
    listed = api_client.get(f"/api/v1/{resource}/", {"limit": 1000})
    assert before.status_code == listed.status_code == 200

    change(record)

    after = api_client.get(detail_url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and shows(after.json())
    assert after["ETag"] != before["ETag"]
    relisted = api_client.get(f"/api/v1/{resource}/", {"limit": 1000}, headers={"If-None-Match": listed["ETag"]})
    assert relisted.status_code == 200 and relisted["ETag"] != listed["ETag"]
    feed = api_client.get("/api/v1/changes/", {"since": since.isoformat(), "resource": resource}).json()["results"]
    # The record, and every other record showing the same source, organisation, area or treaty, once each.
    assert (record.pk, "updated") in {(c["id"], c["action"]) for c in feed}
    assert {c["action"] for c in feed} == {"updated"} and len(feed) == len({c["id"] for c in feed})


def test_a_save_that_changes_nothing_touches_nobody(api_client):
    record = CasualtyRecord.objects.get(area__code="SYR", year=2022)
    version = record.version
    source = Source.objects.get(pk=record.source_id)
    source.save()  # only updated_at moves
    record.refresh_from_db()
    assert record.version == version

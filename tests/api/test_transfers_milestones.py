"""Transfers and programme milestones in the API: published rows only for the public, filters, 400s with the
field named, the reader's language for milestone titles."""

import datetime as dt

import pytest

from tests.factories import AreaFactory
from tests.factories.programmes import ProgrammeFactory, ProgrammeMilestoneFactory
from tests.factories.statistics import TransferFactory

pytestmark = pytest.mark.django_db
TRANSFERS = "/api/v1/transfers/"
MILESTONES = "/api/v1/programme-milestones/"


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def transfers():
    to, poland, lithuania = (AreaFactory(code=c, name=n) for c, n in [("XTA", "To"), ("XTB", "P"), ("XTC", "L")])
    return {
        "possible": TransferFactory(area=to, from_area=poland, transfer_status="possible", quantity=None),
        "confirmed": TransferFactory(area=to, from_area=lithuania, transfer_status="confirmed", quantity=300),
        "draft": TransferFactory(area=poland, from_area=lithuania, status="draft"),
    }


def test_public_sees_published_transfers_only(api_client, transfers):
    rows = results(api_client.get(TRANSFERS, {"area": "XTA"}))
    assert {(r["from_area"]["iso3"], r["transfer_status"], r["quantity"]) for r in rows} == {
        ("XTB", "possible", None),
        ("XTC", "confirmed", 300),
    }
    assert results(api_client.get(TRANSFERS, {"area": "XTB"})) == []
    assert api_client.get(f"{TRANSFERS}{transfers['draft'].pk}/").status_code == 404


def test_staff_see_draft_transfers(staff_client, transfers):
    assert len(results(staff_client.get(TRANSFERS, {"area": "XTB"}))) == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from_area": "XTB"}, {"possible"}),
        ({"transfer_status": "confirmed"}, {"confirmed"}),
        ({"device_type": "anti_personnel_mine", "area": "XTA"}, {"possible", "confirmed"}),
    ],
)
def test_transfer_filters(api_client, transfers, params, expected):
    assert {r["transfer_status"] for r in results(api_client.get(TRANSFERS, params))} == expected


@pytest.mark.parametrize(
    "params", [{"transfer_status": "rumoured"}, {"from_area": "QQQ"}, {"device_type": "bomb"}, {"year": "x"}]
)
def test_bad_transfer_filters_are_400_naming_the_field(api_client, transfers, params):
    response = api_client.get(TRANSFERS, params)
    assert response.status_code == 400
    assert next(iter(params)) in str(response.json())


@pytest.fixture
def milestones():
    shield = ProgrammeFactory(slug="test-shield", name="Test Shield", area=AreaFactory(code="XTB", name="P"))
    other = ProgrammeFactory(slug="other-line", area=AreaFactory(code="XTC", name="L"))
    return {
        "start": ProgrammeMilestoneFactory(programme=shield, title="Start", title_uk="Початок"),
        "end": ProgrammeMilestoneFactory(
            programme=shield, kind="planned_completion", date=dt.date(2028, 1, 1), date_precision="year"
        ),
        "other": ProgrammeMilestoneFactory(programme=other, kind="announced"),
        "draft": ProgrammeMilestoneFactory(programme=shield, kind="announced", status="draft"),
    }


def test_public_sees_published_milestones_only(api_client, milestones):
    rows = results(api_client.get(MILESTONES, {"programme": "test-shield"}))
    assert [(r["kind"], r["date"], r["date_precision"]) for r in rows] == [
        ("construction_start", "2024-11-01", "day"),
        ("planned_completion", "2028-01-01", "year"),
    ]
    assert api_client.get(f"{MILESTONES}{milestones['draft'].pk}/").status_code == 404


def test_milestone_shows_programme_source_and_the_readers_language(api_client, milestones):
    body = api_client.get(f"{MILESTONES}{milestones['start'].pk}/", {"lang": "uk"}).json()
    assert body["programme"] == {"slug": "test-shield", "name": "Test Shield"}
    assert (body["title"], body["title_language"]) == ("Початок", "uk")
    assert body["source"]["slug"] == milestones["start"].source.slug


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"area": "XTC"}, {"announced"}),
        ({"programme": "test-shield", "kind": "planned_completion"}, {"planned_completion"}),
        ({"programme": "test-shield", "date_from": "2025-01-01"}, {"planned_completion"}),
    ],
)
def test_milestone_filters(api_client, milestones, params, expected):
    assert {r["kind"] for r in results(api_client.get(MILESTONES, params))} == expected


@pytest.mark.parametrize("params", [{"kind": "groundbreaking"}, {"area": "QQQ"}, {"date_to": "2025-13-01"}])
def test_bad_milestone_filters_are_400_naming_the_field(api_client, milestones, params):
    response = api_client.get(MILESTONES, params)
    assert response.status_code == 400
    assert next(iter(params)) in str(response.json())


def test_the_public_cannot_write_milestones(api_client, milestones):
    assert api_client.post(MILESTONES, {}, format="json").status_code in (401, 403, 405)

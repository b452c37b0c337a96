"""treaty-status, treaty-actions and treaties endpoints."""

import datetime as dt

import pytest

from kb.choices import ReviewStatusChoices, TreatyActionKindChoices
from tests.factories import AreaFactory, TreatyActionFactory

pytestmark = pytest.mark.django_db


def statuses(response) -> dict[str, dict]:
    return {item["area"]["iso3"]: item for item in response.json()}


def test_demo_status_on_2026_03_01_poland_withdrawn_ukraine_still_bound(api_client, demo_data):
    response = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "on": "2026-03-01"})
    assert response.status_code == 200
    by_state = statuses(response)
    assert by_state["POL"]["status"] == "withdrawn"
    assert by_state["POL"]["is_bound"] is False
    assert by_state["POL"]["withdrawal_effective_on"] == "2026-02-20"
    assert by_state["UKR"]["status"] == "withdrawing"
    assert by_state["UKR"]["is_bound"] is True
    assert by_state["UKR"]["withdrawal_deferred_by_armed_conflict"] is True
    assert by_state["UKR"]["withdrawal_effective_on"] is None
    assert {by_state[c]["status"] for c in ("EST", "LVA", "LTU", "FIN")} == {"withdrawn"}


def test_demo_status_on_2025_09_01_poland_withdrawing(api_client, demo_data):
    response = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "on": "2025-09-01"})
    by_state = statuses(response)
    assert by_state["POL"]["status"] == "withdrawing"
    assert by_state["POL"]["is_bound"] is True


def test_status_filter_and_area_filter(api_client, demo_data):
    response = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "on": "2026-03-01", "status": "withdrawn"})
    assert set(statuses(response)) == {"EST", "FIN", "LTU", "LVA", "POL"}
    response = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "on": "2026-03-01", "area": "UKR"})
    assert list(statuses(response)) == ["UKR"]


def test_status_defaults_to_today(api_client, demo_data):
    response = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC"})
    assert response.status_code == 200
    assert {item["on"] for item in response.json()} == {dt.date.today().isoformat()}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"treaty": "NOPE"}, "treaty", "Unknown treaty 'NOPE'."),
        ({"treaty": "APMBC", "on": "01/03/2026"}, "on", "Date has the wrong format: use YYYY-MM-DD."),
        ({"treaty": "APMBC", "on": "2026-02-30"}, "on", "Date has the wrong format: use YYYY-MM-DD."),
        ({"treaty": "APMBC", "area": "ZZZ"}, "area", "Unknown country or area code 'ZZZ'."),
        ({}, "treaty", "This field is required."),
    ],
)
def test_status_bad_input_is_400_naming_the_parameter(api_client, demo_data, params, field, message):
    response = api_client.get("/api/v1/treaty-status/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()[field] == [message]


def test_state_history_has_actions_and_timeline(api_client, demo_data):
    response = api_client.get("/api/v1/treaty-status/POL/", {"treaty": "APMBC", "on": "2026-11-26"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "withdrawn"
    assert [a["kind"] for a in body["actions"]] == [
        "signature",
        "ratification",
        "entry_into_force",
        "withdrawal_notified",
    ]
    assert body["actions"][3]["source"]["slug"] == "hrw-lm2025-miragenews"
    assert body["timeline"] == [
        {"since": "1997-12-04", "status": "signatory"},
        {"since": "2012-12-27", "status": "pending"},
        {"since": "2013-06-01", "status": "state_party"},
        {"since": "2025-08-20", "status": "withdrawing"},
        {"since": "2026-02-20", "status": "withdrawn"},
    ]


def test_state_history_unknown_state_is_404_json(api_client, demo_data):
    response = api_client.get("/api/v1/treaty-status/QQQ/", {"treaty": "APMBC"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_unpublished_actions_never_reach_the_public(api_client, treaty):
    state = AreaFactory(code="XDR", name="Draftland")
    TreatyActionFactory(treaty=treaty, area=state, status=ReviewStatusChoices.PUBLISHED)
    draft = TreatyActionFactory(
        treaty=treaty,
        area=state,
        kind=TreatyActionKindChoices.WITHDRAWAL_NOTIFIED,
        date=dt.date(2025, 1, 1),
        status=ReviewStatusChoices.DRAFT,
    )
    listing = api_client.get("/api/v1/treaty-actions/", {"area": "XDR"})
    assert [a["kind"] for a in listing.json()["results"]] == ["ratification"]
    assert api_client.get(f"/api/v1/treaty-actions/{draft.pk}/").status_code == 404
    status = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "on": "2026-01-01"})
    assert statuses(status)["XDR"]["status"] == "state_party"  # the draft withdrawal does not count
    history = api_client.get("/api/v1/treaty-status/XDR/", {"treaty": "APMBC"})
    assert len(history.json()["actions"]) == 1


def test_staff_see_drafts(staff_client, api_client, treaty):
    draft = TreatyActionFactory(treaty=treaty, area=AreaFactory(code="XDR"), status=ReviewStatusChoices.DRAFT)
    assert [a["id"] for a in staff_client.get("/api/v1/treaty-actions/", {"area": "XDR"}).json()["results"]] == [
        draft.pk
    ]
    assert api_client.get("/api/v1/treaty-actions/", {"area": "XDR"}).json()["results"] == []


def test_treaty_actions_filters(api_client, demo_data):
    response = api_client.get("/api/v1/treaty-actions/", {"area": "POL", "kind": "withdrawal_notified"})
    assert response.status_code == 200
    [action] = response.json()["results"]
    assert action["date"] == "2025-08-20"
    assert action["area"] == {"iso3": "POL", "name": "Poland"}
    by_year = api_client.get("/api/v1/treaty-actions/", {"year": 2025, "ordering": "date"}).json()
    assert by_year["count"] == 7
    assert [a["date"][:4] for a in by_year["results"]] == ["2025"] * 7
    ranged = api_client.get("/api/v1/treaty-actions/", {"year__gte": 2003, "year__lte": 2004}).json()
    assert sorted(a["date"] for a in ranged["results"]) == ["2003-05-12", "2003-11-01", "2004-05-12", "2004-11-01"]


def test_treaty_actions_bad_filter_is_400(api_client, demo_data):
    response = api_client.get("/api/v1/treaty-actions/", {"area": "ZZZ", "date__gte": "soon", "treaty": "X"})
    assert response.status_code == 400
    assert response.json() == {
        "area": ["Unknown country or area code 'ZZZ'."],
        "date__gte": ["Enter a valid date."],
        "treaty": ["Unknown treaty 'X'."],
    }


def test_treaties_list_and_detail(api_client, demo_data):
    codes = [t["code"] for t in api_client.get("/api/v1/treaties/").json()["results"]]
    assert codes == ["APMBC", "CCM", "CCW-AP2"]
    detail = api_client.get("/api/v1/treaties/APMBC/").json()
    assert detail["withdrawal_notice_months"] == 6
    assert detail["armed_conflict_defers_withdrawal"] is True


def test_armed_conflicts_list(api_client, demo_data):
    response = api_client.get("/api/v1/armed-conflicts/", {"area": "UKR", "ongoing_on": "2026-03-01"})
    [conflict] = response.json()["results"]
    assert conflict["started_on"] == "2022-02-24"
    assert conflict["ended_on"] is None


def test_list_queries_do_not_grow_with_page_size(api_client, treaty, django_assert_max_num_queries):
    for n in range(30):
        TreatyActionFactory(treaty=treaty, area=AreaFactory(), date=dt.date(2000, 1, 1) + dt.timedelta(days=n))
    # data stamp, settled moment, data stamp again, count + ETag, page count, page, citations
    with django_assert_max_num_queries(7):
        response = api_client.get("/api/v1/treaty-actions/", {"limit": 30})
    assert len(response.json()["results"]) == 30


def test_an_aggregate_has_no_treaty_status(api_client):
    """Treaties bind states: the world is no party and no non-party, as its profile says by listing none."""
    assert api_client.get("/api/v1/treaty-status/WLD/", {"treaty": "APMBC"}).status_code == 404
    assert api_client.get("/api/v1/treaty-status/POL/", {"treaty": "APMBC"}).status_code == 200

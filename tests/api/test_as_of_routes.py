"""`as_of` on every read route that shows published data: a value changed after D is shown as it was at D."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from kb.models import (
    ArmedConflictPeriod,
    CasualtyRecord,
    FundingRecord,
    HazardArea,
    LandReleaseRecord,
    ProductionRecord,
    Programme,
    Treaty,
    TreatyAction,
)
from kb.services.history import event_model_for, tracked_models
from tests.factories import AreaFactory, HazardAreaFactory, LandReleaseActivityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]
RETRACT = {"status": "retracted", "retraction_reason": "test"}


@pytest.fixture
def moment():
    """D (now, after the demo data was loaded); call `changed_after_d()` after the test's changes: the test runs in
    one transaction, where PostgreSQL's now() stands still, so its history events are moved to after D."""
    d = timezone.now()

    def changed_after_d():
        with connection.cursor() as cursor:
            for model in tracked_models():
                table = event_model_for(model)._meta.db_table
                cursor.execute(
                    f"UPDATE {table} SET pgh_created_at = %s WHERE pgh_created_at >= now()",
                    [d + dt.timedelta(minutes=1)],
                )

    return d.isoformat(), changed_after_d


def _get(api_client, url, **params):
    response = api_client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_casualty_summary(api_client, moment):
    d, changed_after_d = moment
    CasualtyRecord.objects.filter(area__code="WLD", year=2018, is_preferred=True, total=6897).update(total=7000)
    changed_after_d()
    params = {"area": "WLD", "group_by": "year", "year": 2018}
    assert _get(api_client, "/api/v1/casualties/summary/", **params)[0]["total"]["sum"] == 7000
    assert _get(api_client, "/api/v1/casualties/summary/", as_of=d, **params)[0]["total"]["sum"] == 6897


def test_treaty_status_list_detail_and_actions(api_client, moment):
    d, changed_after_d = moment
    TreatyAction.objects.filter(area__code="POL", kind="withdrawal_notified").update(**RETRACT)
    changed_after_d()
    query = {"treaty": "APMBC", "on": "2026-03-01", "area": "POL"}
    assert _get(api_client, "/api/v1/treaty-status/", **query)[0]["status"] == "state_party"
    assert _get(api_client, "/api/v1/treaty-status/", as_of=d, **query)[0]["status"] == "withdrawn"
    detail = {"treaty": "APMBC", "on": "2026-03-01"}
    assert _get(api_client, "/api/v1/treaty-status/POL/", **detail)["status"] == "state_party"
    then = _get(api_client, "/api/v1/treaty-status/POL/", as_of=d, **detail)
    assert then["status"] == "withdrawn"
    assert "withdrawal_notified" in {action["kind"] for action in then["actions"]}
    actions = {"area": "POL", "kind": "withdrawal_notified"}
    assert _get(api_client, "/api/v1/treaty-actions/", **actions)["results"] == []
    assert len(_get(api_client, "/api/v1/treaty-actions/", as_of=d, **actions)["results"]) == 1


def test_armed_conflicts(api_client, moment):
    d, changed_after_d = moment
    ArmedConflictPeriod.objects.filter(area__code="UKR").update(description="changed")
    changed_after_d()
    [now] = _get(api_client, "/api/v1/armed-conflicts/", area="UKR")["results"]
    [then] = _get(api_client, "/api/v1/armed-conflicts/", area="UKR", as_of=d)["results"]
    assert (now["description"], then["description"]) == ("changed", "Russia's full-scale invasion of Ukraine")


def test_programmes(api_client, moment):
    d, changed_after_d = moment
    Programme.objects.filter(slug="east-shield").update(length_km=900)
    changed_after_d()
    assert [p["length_km"] for p in _get(api_client, "/api/v1/programmes/")["results"]] == [900.0]
    assert [p["length_km"] for p in _get(api_client, "/api/v1/programmes/", as_of=d)["results"]] == [800.0]


@pytest.mark.parametrize(
    ("route", "model", "lookup", "field", "old", "new"),
    [
        ("land-release", LandReleaseRecord, {"area__code": "APMBC-SP", "year": 2022}, "cleared_m2", 219310000, 1),
        ("funding", FundingRecord, {"area__code": "WLD", "year": 2022, "flow": "total"}, "amount", 913500000.0, 1.0),
    ],
)
def test_statistics_lists(api_client, moment, route, model, lookup, field, old, new):
    d, changed_after_d = moment
    model.objects.filter(**lookup, is_preferred=True).update(**{field: new})
    changed_after_d()
    query = {"area": lookup["area__code"], "year": lookup["year"], **({"flow": "total"} if "flow" in lookup else {})}
    assert {r[field] for r in _get(api_client, f"/api/v1/{route}/", **query)["results"]} == {new}
    assert {r[field] for r in _get(api_client, f"/api/v1/{route}/", as_of=d, **query)["results"]} == {old}


def test_coverage(api_client, moment):
    d, changed_after_d = moment
    CasualtyRecord.objects.filter(area__code="SYR", year=2017).update(**RETRACT)
    changed_after_d()

    def syria_2017(**params):
        [row] = _get(api_client, "/api/v1/coverage/", area="SYR", **params)["rows"]
        return row["cells"].get("2017", [])

    assert "casualties" not in syria_2017()
    assert "casualties" in syria_2017(as_of=d)


def test_country_profile(api_client, moment):
    d, changed_after_d = moment
    ProductionRecord.objects.filter(area__code="POL", basis="actual").update(quantity=150000)
    TreatyAction.objects.filter(area__code="POL", kind="withdrawal_notified").update(**RETRACT)
    changed_after_d()

    def profile(**params):
        data = _get(api_client, "/api/v1/countries/POL/profile/", on="2026-03-01", **params)
        actual = {p["quantity"] for p in data["production"] if p["basis"] == "actual"}
        return actual, {s["treaty"]: s["status"] for s in data["treaty_status"]}["APMBC"]

    assert profile() == ({150000}, "state_party")
    assert profile(as_of=d) == ({100000}, "withdrawn")


def test_as_of_without_on_answers_on_the_as_of_day_with_what_was_published_then(api_client):
    # The demo data was published when it was loaded, long after 1 September 2025: nothing was known then.
    then = _get(api_client, "/api/v1/treaty-status/POL/", treaty="APMBC", as_of="2025-09-01")
    assert (then["on"], then["status"], then["actions"]) == ("2025-09-01", "not_recorded", [])


def test_as_of_judges_states_without_actions_by_the_record_date_stated_then(api_client, moment):
    d, changed_after_d = moment
    Treaty.objects.filter(code="APMBC").update(records_complete_on="2025-12-31")  # stated after D
    changed_after_d()

    def statuses(**params):
        query = {"treaty": "APMBC", "on": "2025-06-01", **params}
        detail = _get(api_client, "/api/v1/treaty-status/DEU/", **query)["status"]
        [listed] = _get(api_client, "/api/v1/treaty-status/", area="DEU", **query)
        profile = _get(
            api_client, "/api/v1/countries/DEU/profile/", **{k: v for k, v in query.items() if k != "treaty"}
        )
        return detail, listed["status"], {s["treaty"]: s["status"] for s in profile["treaty_status"]}["APMBC"]

    assert statuses() == ("non_party",) * 3
    assert statuses(as_of=d) == ("not_recorded",) * 3


def test_as_of_without_on_answers_on_the_day_written_in_its_own_offset(api_client, moment):
    d, _ = moment
    utc = dt.datetime.fromisoformat(d)
    offset = dt.timezone(dt.timedelta(hours=-12 if utc.hour < 12 else 12))
    written = utc.astimezone(offset)  # the same moment, on another calendar day
    assert written.date() != utc.date()
    then = _get(api_client, "/api/v1/treaty-status/POL/", treaty="APMBC", as_of=written.isoformat())
    assert then["on"] == written.date().isoformat()


@pytest.mark.parametrize("route", ["/api/v1/countries/", "/api/v1/sources/", "/api/v1/changes/"])
def test_routes_where_as_of_has_no_meaning_answer_400(api_client, route):
    response = api_client.get(route, {"as_of": "2026-01-01"})
    assert response.status_code == 400
    assert list(response.json()) == ["as_of"]


def test_a_bad_as_of_is_a_400(api_client):
    for route, params in [
        ("/api/v1/coverage/", {}),
        ("/api/v1/countries/POL/profile/", {}),
        ("/api/v1/treaty-status/", {"treaty": "APMBC"}),
        ("/api/v1/casualties/summary/", {}),
    ]:
        response = api_client.get(route, {"as_of": "yesterday", **params})
        assert response.status_code == 400, route
        assert response.json() == {"as_of": ["Use a date (YYYY-MM-DD) or a date and time (ISO 8601)."]}


@pytest.mark.parametrize(
    ("route", "params", "headers"),
    [
        ("casualties", {"format": "csv"}, {}),
        ("casualties", {}, {"Accept": "text/csv"}),
        ("casualties", {"format": "xlsx"}, {}),
        ("casualties", {"format": "geojson"}, {}),
        ("hazard-areas", {"format": "geojson"}, {}),
        ("hazard-areas", {"format": "gpkg"}, {}),
    ],
)
def test_an_as_of_list_is_not_offered_as_a_file_it_cannot_be(api_client, moment, route, params, headers):
    """A CSV, HXL or Excel list is the whole list in the import format, a GeoJSON or GeoPackage one a GIS layer; an
    as-of answer is a page of snapshots."""
    d, _ = moment
    response = api_client.get(f"/api/v1/{route}/", {"as_of": d, **params}, headers=headers)
    assert response.status_code == 400
    assert "download a release" in response.json()["as_of"][0]
    lines = api_client.get("/api/v1/casualties/", {"as_of": d, "format": "jsonl", "area": "WLD"})
    assert lines.status_code == 200


def test_an_activity_as_of_a_moment_lists_the_hazard_areas_linked_then(api_client, moment):
    d, _ = moment
    area = AreaFactory(code="XAO")
    kept, unlinked, draft = (HazardAreaFactory(area=area, reference=r) for r in ("A", "B", "C"))
    HazardArea.objects.filter(pk=draft.pk).update(status="draft")
    activity = LandReleaseActivityFactory(area=area, reference="T")
    activity.hazard_areas.set([kept, unlinked, draft])
    before = timezone.now() - dt.timedelta(days=1)
    with connection.cursor() as cursor:  # all of that happened before D
        for table in ("kb_hazardareaevent", "kb_landreleaseactivityevent", "kb_landreleaseactivityhazardareaevent"):
            cursor.execute(f"UPDATE {table} SET pgh_created_at = %s WHERE pgh_created_at >= now()", [before])
    activity.hazard_areas.remove(unlinked)  # after D
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE kb_landreleaseactivityhazardareaevent SET pgh_created_at = %s WHERE pgh_created_at >= now()",
            [dt.datetime.fromisoformat(d) + dt.timedelta(minutes=1)],
        )
    url = "/api/v1/land-release-activities/"
    [then] = _get(api_client, url, area="XAO", as_of=d)["results"]
    [now] = _get(api_client, url, area="XAO")["results"]
    assert [h["reference"] for h in then["hazard_areas"]] == ["A", "B"]  # the draft was not published then either
    assert [h["reference"] for h in now["hazard_areas"]] == ["A"]


def test_public_pages(moment):
    d, changed_after_d = moment
    TreatyAction.objects.filter(area__code="POL", kind="withdrawal_notified").update(**RETRACT)
    changed_after_d()
    client = Client()
    now, then = client.get("/en/countries/POL/").content.decode(), client.get("/en/countries/POL/", {"as_of": d})
    assert then.status_code == 200
    assert "Withdrawn</strong>" in then.content.decode() and "Withdrawn</strong>" not in now
    world_now = client.get("/en/").content.decode()
    world_then = client.get("/en/", {"as_of": d}).content.decode()
    assert "Poland" in world_then and "Poland" not in world_now  # the states leaving the Mine Ban Treaty
    # Without today's map, the page as of a moment still lists every country's figure for the year.
    assert "Casualties per country in" in world_then and 'id="world-map"' not in world_then
    assert client.get("/en/countries/POL/", {"as_of": "yesterday"}).status_code == 400


def test_lists_as_of_keep_the_lists_order(api_client, moment):
    """A list as of a past moment comes in the same order as today's list (ties broken by id), so two requests
    give the same page and a client paging through it sees each record once."""
    d, _ = moment
    for url in ("/api/v1/treaty-actions/", "/api/v1/casualties/", "/api/v1/armed-conflicts/"):
        now = [row["id"] for row in _get(api_client, url, limit=500)["results"]]
        then = [row["id"] for row in _get(api_client, url, limit=500, as_of=d)["results"]]
        assert then == now, url


def test_a_profile_as_of_now_lists_as_the_live_profile_does(api_client):
    """As of a moment, a profile's lists came in the order the history stored them, not the live order."""
    from tests.factories.statistics import ContaminationRecordFactory

    area = AreaFactory(code="XAO", name="Orderland", kind="country")
    ContaminationRecordFactory(area=area, period_start=dt.date(2014, 1, 1))
    ContaminationRecordFactory(area=area, device_type="cluster_submunition", period_start=dt.date(2017, 1, 1))
    now = timezone.now().isoformat()  # after both were stored
    live = _get(api_client, "/api/v1/countries/XAO/profile/")["latest_contamination"]
    then = _get(api_client, "/api/v1/countries/XAO/profile/", as_of=now)["latest_contamination"]
    assert [row["id"] for row in then] == [row["id"] for row in live] and len(live) == 2

"""Where states stand on their treaty deadlines, in the API: derived from the published rows (with the rows it was
derived from), on a country profile (beside its transparency reports, transfers, programme milestones and financing,
as the public pages show them) and in obligation-standing/."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from kb.models import TreatyObligation
from kb.services.history import event_model_for
from tests.factories import AreaFactory, TreatyObligationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def obliged():
    """A state with a 2009 clearance deadline, one extension granted to 2014, a later request still pending (its
    source published after the 2014 deadline), a 2019 transparency report and a draft completion the public must not
    see."""
    land = AreaFactory(code="XOB", name="Obliged land")
    rows = {
        "deadline": TreatyObligationFactory(area=land, deadline=dt.date(2009, 3, 1)),
        "granted": TreatyObligationFactory(
            area=land, kind="extension_granted", deadline=dt.date(2014, 3, 1), granted_on=dt.date(2008, 11, 28)
        ),
        "request": TreatyObligationFactory(
            area=land,
            kind="extension_request",
            deadline=dt.date(2019, 3, 1),
            submitted_on=dt.date(2013, 3, 29),
            source__published_on=dt.date(2014, 6, 20),
        ),
        "report": TreatyObligationFactory(area=land, article="7", kind="report", deadline=None, year_covered=2019),
        "draft": TreatyObligationFactory(
            area=land, kind="completion", deadline=None, completed_on=dt.date(2016, 5, 1), status="draft"
        ),
    }
    return land, rows


def profile(client, iso3, **params):
    response = client.get(f"/api/v1/countries/{iso3}/profile/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_standing_on_a_date_with_the_rows_behind_it(api_client, obliged):
    _, rows = obliged
    [standing] = profile(api_client, "XOB", on="2015-01-01")["obligations"]
    assert standing | {"rows": None, "extension_requested": None} == {
        "area": {"iso3": "XOB", "name": "Obliged land"},
        "treaty": "APMBC",
        "article": "5",
        "obligation": "mine clearance",
        "on": "2015-01-01",
        "state": "past_deadline",
        "original_deadline": "2009-03-01",
        "deadline": "2014-03-01",
        "extensions_granted": 1,
        "extension_requested": None,
        "completed_on": None,
        "completed_after_deadline": False,
        "newest_source_on": "2014-06-20",  # the request's; the factory's other sources give no publication day
        "rows": None,
    }
    assert standing["extension_requested"]["id"] == rows["request"].pk
    assert [r["id"] for r in standing["rows"]] == [rows[k].pk for k in ("deadline", "granted", "request")]
    assert standing["rows"][0]["source"] == rows["deadline"].source.slug
    assert standing["rows"][0]["source_locator"] == "Table 1"


def test_the_standing_says_how_recent_its_newest_dated_source_is(api_client, obliged):
    _, rows = obliged
    for key, day in (("deadline", dt.date(2004, 5, 1)), ("granted", dt.date(2009, 1, 15)), ("request", None)):
        source = rows[key].source
        source.published_on = day
        source.save()
    [standing] = profile(api_client, "XOB", on="2015-01-01")["obligations"]
    assert standing["newest_source_on"] == "2009-01-15"
    # Nothing published after the 2014 deadline: the record cannot tell a missed deadline from an unrecorded grant.
    assert standing["state"] == "no_record_since_deadline"


def test_before_the_deadline_the_state_is_on_time(api_client, obliged):
    [standing] = profile(api_client, "XOB", on="2012-06-30")["obligations"]
    assert (standing["state"], standing["deadline"]) == ("on_time", "2014-03-01")


def test_staff_see_the_draft_completion_the_public_does_not(api_client, staff_client, obliged):
    assert profile(api_client, "XOB", on="2017-01-01")["obligations"][0]["state"] == "past_deadline"
    staff = profile(staff_client, "XOB", on="2017-01-01")["obligations"][0]
    assert (staff["state"], staff["completed_on"], staff["completed_after_deadline"]) == (
        "completed",
        "2016-05-01",
        True,
    )


def test_transparency_reports_are_listed_with_their_source(api_client, obliged):
    _, rows = obliged
    [report] = profile(api_client, "XOB")["transparency_reports"]
    assert (report["id"], report["year_covered"], report["obligation"]) == (
        rows["report"].pk,
        2019,
        "transparency reports",
    )
    assert report["source"]["slug"] == rows["report"].source.slug


def test_as_of_shows_the_standing_as_published_then(api_client, obliged):
    land, _ = obliged
    events = event_model_for(TreatyObligation)._meta.db_table
    d = timezone.now()
    with connection.cursor() as cursor:  # the rows so far were published before D
        cursor.execute(f"UPDATE {events} SET pgh_created_at = %s", [d - dt.timedelta(minutes=1)])
    TreatyObligationFactory(area=land, kind="extension_granted", deadline=dt.date(2021, 3, 1))
    with connection.cursor() as cursor:  # the second grant after D
        cursor.execute(
            f"UPDATE {events} SET pgh_created_at = %s WHERE pgh_created_at >= now()", [d + dt.timedelta(minutes=1)]
        )
    now = profile(api_client, "XOB", on="2020-01-01")["obligations"][0]
    then = profile(api_client, "XOB", on="2020-01-01", as_of=d.isoformat())["obligations"][0]
    assert (now["state"], now["deadline"], now["extensions_granted"]) == ("on_time", "2021-03-01", 2)
    assert (then["state"], then["deadline"], then["extensions_granted"]) == ("past_deadline", "2014-03-01", 1)


@pytest.mark.usefixtures("demo_data")
def test_transfers_milestones_and_financing_are_in_the_profile(api_client):
    poland = profile(api_client, "POL")
    assert [m["kind"] for m in poland["milestones"]][:1] == ["announced"]
    assert {m["programme"]["slug"] for m in poland["milestones"]} == {"east-shield"}
    assert [f["slug"] for f in poland["financing"]] == ["usa-pol-credit-guarantee"]
    ukraine = profile(api_client, "UKR")
    [possible] = [t for t in ukraine["transfers"] if t["from_area"] and t["from_area"]["iso3"] == "POL"]
    assert (possible["transfer_status"], possible["quantity"]) == ("possible", None)
    assert possible in poland["transfers"]  # listed for the supplier too


def standing_list(client, **params):
    response = client.get("/api/v1/obligation-standing/", params)
    assert response.status_code == 200, response.content
    return [(s["area"]["iso3"], s["treaty"], s["article"], s["state"]) for s in response.json()]


def test_standing_list_filters_by_state_treaty_and_area(api_client, obliged):
    other = AreaFactory(code="XOD", name="Done land")
    TreatyObligationFactory(area=other, deadline=dt.date(2012, 3, 1))
    TreatyObligationFactory(area=other, kind="completion", deadline=None, completed_on=dt.date(2011, 6, 1))
    on = {"on": "2015-01-01", "treaty": "APMBC"}
    assert {("XOB", "APMBC", "5", "past_deadline"), ("XOD", "APMBC", "5", "completed")} <= set(
        standing_list(api_client, **on)
    )
    past = standing_list(api_client, state="past_deadline", **on)
    assert ("XOB", "APMBC", "5", "past_deadline") in past and all(s[3] == "past_deadline" for s in past)
    assert standing_list(api_client, area="XOD", **on) == [("XOD", "APMBC", "5", "completed")]
    assert standing_list(api_client, area="XOD", article="4", **on) == []
    quiet = AreaFactory(code="XOQ", name="Quiet land")
    TreatyObligationFactory(area=quiet, deadline=dt.date(2012, 3, 1))  # its source gives no publication day
    assert standing_list(api_client, state="no_record_since_deadline", **on) == [
        ("XOQ", "APMBC", "5", "no_record_since_deadline")
    ]


def test_standing_list_is_derived_from_published_rows_only(api_client, staff_client, obliged):
    assert standing_list(api_client, area="XOB", on="2017-01-01") == [("XOB", "APMBC", "5", "past_deadline")]
    assert standing_list(staff_client, area="XOB", on="2017-01-01") == [("XOB", "APMBC", "5", "completed")]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"article": "7"}, "article"), ({"state": "late"}, "state"), ({"treaty": "XX"}, "treaty"), ({"on": "soon"}, "on")],
)
def test_bad_standing_filters_are_400s_naming_the_parameter(api_client, params, field):
    response = api_client.get("/api/v1/obligation-standing/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_the_pending_request_is_the_one_submitted_last(api_client, obliged):
    """A revised request (2014, to 2018) replaces the first one (2013, to 2019), though it asks for less."""
    land, _ = obliged
    revised = TreatyObligationFactory(
        area=land, kind="extension_request", deadline=dt.date(2018, 3, 1), submitted_on=dt.date(2014, 1, 10)
    )
    [standing] = profile(api_client, "XOB", on="2015-01-01")["obligations"]
    assert standing["extension_requested"]["id"] == revised.pk

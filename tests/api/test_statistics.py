"""Statistics endpoints: demo figures, competing figures, filters, published-only, query counts."""

import datetime as dt

import pytest
from django.test import Client

from kb.choices import ReviewStatusChoices
from kb.models import Treaty
from tests.factories import (
    AreaFactory,
    CasualtyRecordFactory,
    LandReleaseRecordFactory,
)
from tests.factories.statistics import ContaminationRecordFactory

pytestmark = pytest.mark.django_db

STATISTIC_ROUTES = [
    "casualties",
    "contamination",
    "land-release",
    "stockpiles",
    "production",
    "use-reports",
    "transfers",
    "funding",
]


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_world_casualties_2018(api_client, demo_data):
    [record] = results(api_client.get("/api/v1/casualties/", {"area": "WLD", "year": 2018, "headline": "true"}))
    assert (record["total"], record["killed"], record["injured"], record["fate_unknown"]) == (6897, 3059, 3837, 1)
    assert record["source"]["slug"] == "lm2019-casualties"


def test_2016_has_two_competing_totals_and_serves_the_preferred(api_client, demo_data):
    params = {"area": "WLD", "year": 2016, "headline": "true"}
    [preferred] = results(api_client.get("/api/v1/casualties/", params))
    assert preferred["total"] == 9437 and preferred["is_preferred"] is True
    both = results(api_client.get("/api/v1/casualties/", {**params, "figures": "all", "ordering": "-total"}))
    assert [(r["total"], r["is_preferred"], r["source"]["slug"]) for r in both] == [
        (9437, True, "lm2018-casualties"),
        (8605, False, "lm2017-casualties"),
    ]


def test_breakdown_filters_and_all(api_client, demo_data):
    improvised = results(api_client.get("/api/v1/casualties/", {"area": "WLD", "device_type": "improvised_mine"}))
    assert [r["total"] for r in improvised] == [3789]
    children = results(api_client.get("/api/v1/casualties/", {"age_group": "child", "civilian_status": "all"}))
    assert [r["total"] for r in children] == [1171]


def test_year_range_filter_and_ordering(api_client, demo_data):
    rows = results(
        api_client.get(
            "/api/v1/casualties/",
            {"area": "WLD", "headline": "true", "year__gte": 2016, "year__lte": 2022, "ordering": "year"},
        )
    )
    assert [r["year"] for r in rows] == [2016, 2017, 2018, 2019, 2020, 2021, 2022]
    assert [r["total"] for r in rows] == [9437, 7239, 6897, 5853, 7073, 5544, 4710]


def test_qualifiers_shares_and_further_citations_are_served(api_client, demo_data):
    [women] = results(api_client.get("/api/v1/casualties/", {"area": "WLD", "sex": "female"}))
    assert (women["total"], women["share_percent"], women["share_of"]) == (404, 16.0, 2499)
    [cleared] = results(api_client.get("/api/v1/land-release/", {"area": "WLD", "device_type": "anti_personnel_mine"}))
    assert cleared["qualifiers"] == {"ap_mines_destroyed": "more_than", "cleared_m2": "approximately"}
    [world_2022] = results(api_client.get("/api/v1/casualties/", {"area": "WLD", "year": 2022, "headline": "true"}))
    assert world_2022["citations"] == [
        {"source": world_2022["citations"][0]["source"], "locator": "killed and injured", "quote": ""}
    ]
    assert world_2022["citations"][0]["source"]["slug"] == "national-lm2023"


@pytest.mark.parametrize(
    ("route", "params", "field"),
    [
        ("casualties", {"year": "last"}, "year"),
        ("casualties", {"area": "ZZZ"}, "area"),
        ("casualties", {"device_type": "landmine"}, "device_type"),
        ("casualties", {"figures": "some"}, "figures"),
        ("land-release", {"operator": "Nobody"}, "operator"),
        ("funding", {"date__gte": "2020-13-01"}, "date__gte"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(api_client, route, params, field):
    response = api_client.get(f"/api/v1/{route}/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_summary_world_by_year(api_client, demo_data):
    response = api_client.get("/api/v1/casualties/summary/", {"area": "WLD", "group_by": "year", "year__gte": 2016})
    assert response.status_code == 200
    by_year = {row["group"]["year"]: row for row in response.json()}
    assert by_year[2018]["total"] == {"sum": 6897, "records": 1, "qualifier": None}
    assert by_year[2016]["total"]["sum"] == 9437  # the preferred figure only
    assert by_year[2019]["killed"] == {"sum": None, "records": 0, "qualifier": None}
    assert by_year[2016]["sources"] == ["lm2018-casualties"]


def test_summary_countries_exclude_aggregates(api_client, demo_data):
    rows = api_client.get("/api/v1/casualties/summary/", {"group_by": "year", "year": 2022}).json()
    assert rows == [
        {
            "group": {"year": 2022},
            "records": 4,
            "sources": ["babel-lm2023", "reportaz-lm2023"],
            "total": {"sum": 834 + 608 + 582 + 545, "records": 4, "qualifier": None},
            "killed": {"sum": None, "records": 0, "qualifier": None},
            "injured": {"sum": None, "records": 0, "qualifier": None},
            "fate_unknown": {"sum": None, "records": 0, "qualifier": None},
        }
    ]


def test_summary_adds_preferred_figures_only_and_refuses_figures_all(api_client, demo_data):
    """WLD 2016 has two sources' figures (9,437 preferred, 8,605 competing): added up they count people twice."""
    response = api_client.get("/api/v1/casualties/summary/", {"area": "WLD", "group_by": "year", "figures": "all"})
    assert response.status_code == 400
    assert "would count the same casualties more than once" in response.json()["figures"][0]
    preferred = api_client.get("/api/v1/casualties/summary/", {"area": "WLD", "year": 2016, "figures": "preferred"})
    assert [row["total"]["sum"] for row in preferred.json()] == [9437]


def test_summary_refuses_an_aggregate_listed_beside_countries(api_client, demo_data):
    response = api_client.get("/api/v1/casualties/summary/", {"area__in": "WLD,SYR", "group_by": "year"})
    assert response.status_code == 400
    assert response.json()["area__in"][0].startswith("WLD: an aggregate is summed only when `area` names it alone")
    countries = api_client.get("/api/v1/casualties/summary/", {"area__in": "SYR,AFG", "group_by": "year"})
    assert countries.status_code == 200 and countries.json()


def test_summary_bad_group_by_is_400(api_client):
    response = api_client.get("/api/v1/casualties/summary/", {"group_by": "colour"})
    assert response.status_code == 400
    assert list(response.json()) == ["group_by"]


def test_poland_profile(api_client, demo_data):
    profile = api_client.get("/api/v1/countries/POL/profile/", {"on": "2026-03-01"}).json()
    assert profile["area"]["iso3"] == "POL"
    statuses = {item["treaty"]: item["status"] for item in profile["treaty_status"]}
    assert statuses == {"APMBC": "withdrawn", "CCM": "not_recorded", "CCW-AP2": "not_recorded"}
    production = {(p["basis"], p["quantity"], p["quantity_max"]) for p in profile["production"]}
    assert production == {("actual", 100000, None), ("capacity", 1200000, None), ("planned", 5000000, 6000000)}
    assert {p["producer"]["name"] for p in profile["production"]} == {"Belma"}
    assert all(p["source"]["slug"] for p in profile["production"])
    [shield] = profile["programmes"]
    assert (shield["name"], shield["length_km"], shield["currency"]) == ("East Shield", 800.0, "PLN")
    assert shield["source"]["slug"] == "polskieradio-east-shield"
    assert {c["source"]["slug"] for c in shield["citations"]} == {"pap-east-shield-2024", "seed-poland-mine-production"}


def test_ukraine_profile_has_series_and_latest_funding(api_client, demo_data):
    profile = api_client.get("/api/v1/countries/UKR/profile/").json()
    assert [(p["year"], p["total"]) for p in profile["casualty_series"]] == [(2022, 608)]
    assert [f["amount"] for f in profile["latest_funding"]] == [162300000.0]
    assert {item["treaty"]: item["is_bound"] for item in profile["treaty_status"]}["APMBC"] is True


def test_profile_bad_date_is_400(api_client, demo_data):
    response = api_client.get("/api/v1/countries/POL/profile/", {"on": "tomorrow"})
    assert response.status_code == 400
    assert response.json() == {"on": ["Date has the wrong format: use YYYY-MM-DD."]}


def test_coverage_matrix(api_client, demo_data):
    body = api_client.get("/api/v1/coverage/", {"area": "WLD", "year__gte": 2020}).json()
    assert body["years"] == [2020, 2021, 2022]
    [row] = body["rows"]
    assert row["area"] == {"iso3": "WLD", "name": "World"}
    assert row["cells"]["2022"] == ["casualties", "funding", "land-release"]
    assert api_client.get("/api/v1/coverage/", {"area": "ZZZ"}).status_code == 400


def test_anonymous_never_sees_unpublished_figures(api_client, staff_client):
    hidden = AreaFactory(code="XHI", name="Hidden", kind="country")
    draft = CasualtyRecordFactory(area=hidden, total=77, status=ReviewStatusChoices.DRAFT)
    retracted = CasualtyRecordFactory(
        area=hidden,
        total=88,
        status=ReviewStatusChoices.RETRACTED,
        retraction_reason="wrong",
        device_type="improvised_mine",
    )
    assert results(api_client.get("/api/v1/casualties/", {"area": "XHI"})) == []
    for record in (draft, retracted):
        assert api_client.get(f"/api/v1/casualties/{record.pk}/").status_code == 404
    assert api_client.get("/api/v1/casualties/summary/", {"area": "XHI", "group_by": "year"}).json() == []
    profile = api_client.get("/api/v1/countries/XHI/profile/").json()
    assert profile["latest_casualties"] == [] and profile["casualty_series"] == []
    assert api_client.get("/api/v1/coverage/", {"area": "XHI"}).json()["rows"] == []
    # Staff see both.
    assert len(results(staff_client.get("/api/v1/casualties/", {"area": "XHI"}))) == 2


def test_profile_latest_figures_are_each_cells_newest(api_client):
    """Croatia's case: a newer bare listing of one device type, or of all devices, must not hide older figures."""
    area = AreaFactory(code="XLT", name="Listed", kind="country")
    figures = ContaminationRecordFactory(area=area, confirmed_m2=285_350_000, period_start=dt.date(2014, 1, 1))
    listed = {"confirmed_m2": None, "extent_class": "unknown"}
    cluster = ContaminationRecordFactory(
        area=area, device_type="cluster_submunition", period_start=dt.date(2017, 1, 1), **listed
    )
    bare = ContaminationRecordFactory(area=area, period_start=dt.date(2025, 1, 1), **listed)
    profile = api_client.get("/api/v1/countries/XLT/profile/").json()
    assert sorted(row["id"] for row in profile["latest_contamination"]) == sorted([figures.pk, cluster.pk, bare.pk])
    page = Client().get("/en/countries/XLT/").content.decode()
    assert "285,350,000" in page


@pytest.mark.parametrize("route", STATISTIC_ROUTES)
def test_list_queries_are_constant(api_client, demo_data, route, django_assert_max_num_queries):
    area = AreaFactory(code="XQC")
    for year in range(1990, 2010):
        start = dt.date(year, 1, 1)
        if route == "casualties":
            CasualtyRecordFactory(area=area, period_start=start)
        elif route == "land-release":
            LandReleaseRecordFactory(area=area, period_start=start)
    # data stamp, settled moment, data stamp again, count + ETag, page count, page, citations: whatever the page size
    with django_assert_max_num_queries(7):
        small = api_client.get(f"/api/v1/{route}/", {"limit": 2, "figures": "all"})
    with django_assert_max_num_queries(7):
        large = api_client.get(f"/api/v1/{route}/", {"limit": 500, "figures": "all"})
    assert small.status_code == large.status_code == 200


def test_programmes_by_slug_and_filters(api_client, demo_data):
    assert api_client.get("/api/v1/programmes/east-shield/").json()["kind"] == "fortification"
    running = api_client.get("/api/v1/programmes/", {"active_on": "2026-01-01", "area": "POL"}).json()["results"]
    assert [p["slug"] for p in running] == ["east-shield"]
    assert api_client.get("/api/v1/programmes/", {"active_on": "2030-01-01"}).json()["results"] == []


def test_funding_and_stockpile_figures(api_client, demo_data):
    funding = results(api_client.get("/api/v1/funding/", {"area": "WLD", "year": 2022, "flow": "total"}))
    assert [(f["amount"], f["currency"]) for f in funding] == [(913500000.0, "USD")]
    stock = results(api_client.get("/api/v1/stockpiles/", {"area": "UKR"}))
    assert [s["stockpiled"] for s in stock] == [3300000]


def test_production_filter_by_producer(api_client, demo_data):
    rows = results(api_client.get("/api/v1/production/", {"producer": "Belma", "basis": "capacity"}))
    assert [(r["quantity"], r["qualifiers"]) for r in rows] == [(1200000, {"quantity": "up_to"})]


def test_source_filter(api_client, demo_data):
    rows = results(api_client.get("/api/v1/casualties/", {"source": "babel-lm2023"}))
    assert {r["area"]["iso3"] for r in rows} == {"YEM", "MMR"}


def test_detail_of_a_competing_figure_is_served(api_client, demo_data):
    from kb.models import CasualtyRecord

    competing = CasualtyRecord.objects.get(area__code="WLD", year=2016, total=8605)
    assert api_client.get(f"/api/v1/casualties/{competing.pk}/").json()["is_preferred"] is False


def test_summary_carries_qualifiers_through_the_sum(api_client):
    area = AreaFactory(code="XQS", name="Qualified")
    CasualtyRecordFactory(area=area, total=12, qualifiers={"total": "at_least"})
    CasualtyRecordFactory(area=area, total=5, device_type="improvised_mine", qualifiers={"total": "approximately"})
    response = api_client.get("/api/v1/casualties/summary/", {"area": "XQS", "group_by": "year"})
    assert response.status_code == 200
    assert response.json()[0]["total"] == {"sum": 12, "records": 1, "qualifier": "at_least"}
    by_device = api_client.get("/api/v1/casualties/summary/", {"area": "XQS", "group_by": "device_type"}).json()
    assert by_device[0]["total"] == {"sum": 5, "records": 1, "qualifier": "approximately"}


@pytest.mark.parametrize("iso3", ["KHM", "AFG", "DEU"])
def test_states_parties_without_recorded_actions_are_not_recorded_not_non_party(api_client, iso3):
    listed = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "on": "2026-03-01", "area": iso3})
    assert listed.status_code == 200
    [item] = listed.json()
    assert (item["area"]["iso3"], item["status"], item["is_bound"]) == (iso3, "not_recorded", False)
    assert "not known" in item["notes"][0]
    detail = api_client.get(f"/api/v1/treaty-status/{iso3}/", {"treaty": "APMBC", "on": "2026-03-01"}).json()
    assert (detail["status"], detail["timeline"]) == ("not_recorded", [])
    profile = api_client.get(f"/api/v1/countries/{iso3}/profile/", {"on": "2026-03-01"}).json()
    assert {item["treaty"]: item["status"] for item in profile["treaty_status"]}["APMBC"] == "not_recorded"


def test_a_complete_participation_record_makes_no_action_non_party(api_client):
    Treaty.objects.filter(code="APMBC").update(records_complete_on="2025-12-31")
    on_covered = api_client.get("/api/v1/treaty-status/DEU/", {"treaty": "APMBC", "on": "2025-06-01"}).json()
    assert on_covered["status"] == "non_party"
    after = api_client.get("/api/v1/treaty-status/DEU/", {"treaty": "APMBC", "on": "2026-03-01"}).json()
    assert after["status"] == "not_recorded"
    assert api_client.get("/api/v1/treaties/APMBC/").json()["records_complete_on"] == "2025-12-31"

"""The filters partners' tools expect on every list: codes in any case, comma-separated `__in` lists on codes and
choices, `updated_since` read from the history (api/filters/lists.py), and an ordering that pages without gaps
(api/filters/ordering.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.urls import router
from kb.models import CasualtyRecord, Source
from kb.services.history import event_model_for
from tests.factories import AreaFactory, CasualtyRecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]
# Every list of records (computed routes and the change feed take their own parameters).
# Lists of records (releases never change once published; the data dictionary describes, it holds no records).
LISTS = [
    prefix
    for prefix, viewset, _ in router.registry
    if hasattr(viewset, "queryset")
    and prefix not in ("releases", "data-dictionary")
    and not getattr(viewset, "own_records_only", False)  # export jobs: their requesters' (tests/api/test_exports.py)
]


def ids(api_client, route: str, params: dict) -> set:
    response = api_client.get(f"/api/v1/{route}/", {"limit": 1000, **params})
    assert response.status_code == 200, response.content
    return {item.get("id", item.get("iso3")) for item in response.json()["results"]}


def test_codes_in_any_case(api_client):
    assert ids(api_client, "casualties", {"area": "ukr"}) == ids(api_client, "casualties", {"area": "UKR"}) != set()
    assert ids(api_client, "treaty-actions", {"treaty": "apmbc", "area": "Pol"}) == ids(
        api_client, "treaty-actions", {"treaty": "APMBC", "area": "POL"}
    )
    slug = CasualtyRecord.objects.values_list("source__slug", flat=True).first()
    assert ids(api_client, "casualties", {"source": slug.upper()}) == ids(api_client, "casualties", {"source": slug})


def test_in_lists_of_codes_and_choices(api_client):
    ukr, pol = (ids(api_client, "casualties", {"area": code, "figures": "all"}) for code in ("UKR", "POL"))
    assert ukr and ids(api_client, "casualties", {"area__in": "UKR,pol", "figures": "all"}) == ukr | pol
    female, male = (ids(api_client, "casualties", {"sex": sex}) for sex in ("female", "male"))
    unbroken = ids(api_client, "casualties", {"sex": "all"})
    assert female and ids(api_client, "casualties", {"sex__in": "female,male"}) == female | male
    assert ids(api_client, "casualties", {"sex__in": "female,all"}) == female | unbroken
    countries = ids(api_client, "countries", {"kind__in": "country,territory"})
    assert countries == ids(api_client, "countries", {"kind": "country"}) | ids(
        api_client, "countries", {"kind": "territory"}
    )


@pytest.mark.parametrize(
    ("params", "name", "message"),
    [
        ({"area__in": "UKR,ZZZ"}, "area__in", "Unknown country or area code 'ZZZ'."),
        ({"sex__in": "female,other"}, "sex__in", "other"),
        ({"updated_since": "yesterday"}, "updated_since", "Use a date (YYYY-MM-DD) or a date and time (ISO 8601)."),
    ],
)
def test_bad_values_are_400s_naming_the_parameter(api_client, params, name, message):
    response = api_client.get("/api/v1/casualties/", params)
    assert response.status_code == 400
    assert list(response.json()) == [name] and message in response.json()[name][0]


@pytest.mark.parametrize("param", ["source", "source__in"])
def test_a_proposed_source_is_as_unknown_to_filters_as_one_that_does_not_exist(api_client, staff_client, param):
    """An unreviewed source is not public: filtering by it answers as for a slug nobody used, not with an empty
    list that would tell it exists. Staff, who see it, filter by it."""
    Source.objects.create(slug="proposed-report", title="Proposed", kind="report", language="en", reviewed=False)
    for slug in ("proposed-report", "no-such-report"):
        response = api_client.get("/api/v1/casualties/", {param: slug.upper()})
        assert response.status_code == 400
        assert response.json() == {param: [f"Unknown source '{slug.upper()}'."]}
    assert staff_client.get("/api/v1/casualties/", {param: "proposed-report"}).status_code == 200


def test_every_list_takes_updated_since_and_the_schema_declares_the_new_parameters(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    for route in LISTS:
        response = api_client.get(f"/api/v1/{route}/", {"updated_since": "2999-01-01"})
        assert response.status_code == 200 and response.json()["results"] == [], route
        declared = {p["name"] for p in schema["paths"][f"/api/v1/{route}/"]["get"]["parameters"]}
        assert {"updated_since", "bom"} <= declared, route
    casualties = {p["name"] for p in schema["paths"]["/api/v1/casualties/"]["get"]["parameters"]}
    assert {"area__in", "source__in", "sex__in", "device_type__in", "period_kind__in", "pcode__in"} <= casualties


def test_updated_since_follows_the_history(api_client):
    with connection.cursor() as cursor:
        cursor.execute("SELECT now() - interval '1 microsecond'")  # the test's transaction started at now()
        before = cursor.fetchone()[0]
    record = CasualtyRecord.objects.filter(area__code="SYR", status="published", is_preferred=True).first()
    CasualtyRecord.objects.filter(pk=record.pk).update(total=(record.total or 0) + 1)
    assert ids(api_client, "casualties", {"updated_since": before.isoformat()}) == {record.pk}
    # A source retitled changes every record that shows it (the feed's `updated`), so they are listed too.
    Source.objects.filter(pk=record.source_id).update(title="Retitled")
    showing = CasualtyRecord.objects.filter(source_id=record.source_id, status="published", is_preferred=True)
    showing = set(showing.values_list("id", flat=True))
    assert ids(api_client, "casualties", {"updated_since": before.isoformat()}) == showing | {record.pk}


@pytest.mark.parametrize("ordering", ["total", "-total", "area__name,-total"])
def test_rows_equal_on_the_ordering_key_come_in_id_order_on_every_page(api_client, ordering):
    """A partner paging through `?ordering=total` sees rows with the same total in id order, each exactly once,
    whatever order the table happens to store them in."""
    area = AreaFactory(code="XTB")
    records = [CasualtyRecordFactory(area=area, total=7, period_start=dt.date(2000 + n, 1, 1)) for n in range(5)]
    # Rewritten rows move behind the others in the table, where a sort that stops at the total finds them.
    CasualtyRecord.objects.filter(pk__in=[record.pk for record in records[:2]]).update(killed=1)
    pages = [
        api_client.get("/api/v1/casualties/", {"area": "XTB", "ordering": ordering, "limit": 2, "offset": offset})
        for offset in (0, 2, 4)
    ]
    listed = [item["id"] for page in pages for item in page.json()["results"]]
    assert listed == sorted(record.pk for record in records)


def test_a_country_s_list_is_sorted_by_period_without_the_country_s_name(api_client):
    """The default order is country name, newest period, id. Within one country the name is the same on every row:
    the page's statement sorts by period and id alone (sorting by the name cost a join and a sort of every row of the
    country and years), and lists of several countries still sort by name first."""
    first, second = AreaFactory(code="XTP", name="Xtp"), AreaFactory(code="XTQ", name="Xtq")
    years = [2003, 2001, 2005, 2002]
    made = [CasualtyRecordFactory(area=area, period_start=dt.date(y, 1, 1)) for area in (second, first) for y in years]
    newest_first = [record.pk for record in sorted(made, key=lambda r: (r.area.name, -r.period_start.toordinal()))]

    def listed(params):
        with CaptureQueriesContext(connection) as queries:
            page = api_client.get("/api/v1/casualties/", params).json()
        picking = 'SELECT "kb_casualtyrecord"."id" AS "id"'  # the page's ids (api/sql_pages.py)
        statement = next(query["sql"] for query in queries.captured_queries if query["sql"].startswith(picking))
        return [item["id"] for item in page["results"]], 'ORDER BY "kb_area"."name"' in statement

    assert listed({"area": "xtp"}) == (newest_first[:4], False)
    assert listed({"area": "XTQ", "ordering": "area__name,-period_start"}) == (newest_first[4:], False)
    assert listed({"area__in": "XTQ,XTP"}) == (newest_first, True)


@pytest.mark.parametrize("ordering", ["-total", "total"])
def test_unreported_figures_come_last_in_either_order(api_client, ordering):
    area = AreaFactory(code="XTN")
    for n, total in enumerate([3, None, 9]):
        killed = 1 if total is None else None  # a record holds at least one figure
        CasualtyRecordFactory(area=area, total=total, killed=killed, period_start=dt.date(2000 + n, 1, 1))
    page = api_client.get("/api/v1/casualties/", {"area": "XTN", "ordering": ordering}).json()
    assert [item["total"] for item in page["results"]] == ([9, 3, None] if ordering == "-total" else [3, 9, None])


def test_updated_since_as_of_a_moment_counts_only_the_changes_known_then(api_client):
    record = CasualtyRecordFactory(area=AreaFactory(code="XUS"), total=4)
    CasualtyRecord.objects.filter(pk=record.pk).update(total=5)
    now = timezone.now()
    events = event_model_for(CasualtyRecord).objects.filter(pgh_obj_id=record.pk)
    events.filter(pgh_label="insert").update(pgh_created_at=now - dt.timedelta(hours=3))
    events.filter(pgh_label="update").update(pgh_created_at=now - dt.timedelta(hours=1))

    def listed(since_minutes_ago: int) -> set:
        since = (now - dt.timedelta(minutes=since_minutes_ago)).isoformat()
        as_of = (now - dt.timedelta(hours=2)).isoformat()
        return ids(api_client, "casualties", {"area": "XUS", "as_of": as_of, "updated_since": since})

    assert listed(240) == {record.pk}
    assert listed(150) == set()  # its only change since then came after the moment asked about


def test_codes_are_read_in_any_case_on_every_route(api_client):
    """Filters read codes in any case; detail routes and the treaty, obligation and profile parameters did not."""
    for path, params in [
        ("/api/v1/countries/pol/", {}),
        ("/api/v1/treaties/apmbc/", {}),
        ("/api/v1/countries/wld/profile/", {}),
        ("/api/v1/treaty-status/", {"treaty": "apmbc", "area": "pol"}),
        ("/api/v1/obligation-standing/", {"area": "afg", "treaty": "apmbc"}),
    ]:
        response = api_client.get(path, params)
        assert response.status_code == 200, (path, response.content[:200])
    assert api_client.get("/api/v1/countries/pol/").json()["iso3"] == "POL"

"""`?format=jsonl` and JSON pages, built by PostgreSQL: each item is the one the serializer makes for the record."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from api.json_lines import json_lines_copy_sql
from api.urls import router
from api.views.mixins.json_lines import JSONLinesMixin
from kb.models import CasualtyRecord, Citation, Programme
from kb.services import citations_sql
from tests.factories.reference import AdminAreaFactory, AreaFactory
from tests.factories.sources import SourceFactory
from tests.factories.statistics import CasualtyRecordFactory, ContaminationRecordFactory, UseReportFactory

pytestmark = pytest.mark.django_db

ROUTES = [prefix for prefix, viewset, _ in router.registry if getattr(viewset, "json_lines", False)]


def lines(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/x-ndjson"
    body = b"".join(response.streaming_content).decode()
    assert body == "" or body.endswith("\n")
    return [json.loads(line) for line in body.splitlines()]


def listed(client, route: str, query: str, limit: int = 1000) -> list[dict]:
    response = client.get(f"/api/v1/{route}/?{query}&limit={limit}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None or limit < 1000
    return body["results"]


@pytest.fixture
def awkward_records(demo_data):
    """Records with what a line must render as the serializer does: breakdowns, nulls, qualifiers, decimals, every
    period kind, citations, translated and untranslated names, a nullable relation set and unset."""
    area = AreaFactory(code="XJL", name="Jsonland", name_uk="Джейсонія", name_ru="")
    province = AdminAreaFactory(area=area, name="North", name_uk="Північ", name_ru="")
    source = SourceFactory(title='A "quoted" report\nwith two lines', published_on=dt.date(2024, 3, 1))
    other = SourceFactory(title="Another report", url="")
    periods = [
        ("year", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ("month", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("as_of", dt.date(2022, 6, 30), dt.date(2022, 6, 30)),
        ("range", dt.date(2021, 1, 1), dt.date(2022, 6, 30)),
    ]
    for n, (kind, start, end) in enumerate(periods):
        record = CasualtyRecordFactory(
            area=area,
            admin_area=province if n % 2 else None,
            period_kind=kind,
            period_start=start,
            period_end=end,
            source=source,
            sex="female" if n == 0 else None,
            civilian_status="civilian" if n == 0 else None,
            total=None if n == 3 else 12 + n,
            killed=None if n == 3 else 3,
            injured=None,
            share_percent="12.50" if n == 3 else None,
            qualifiers={"total": "at_least", "killed": "approximately"} if n == 0 else {},
            notes="Ущерб — «5»\ttab\\backslash" if n == 1 else "",
            source_locator="Table 3, footnote 2",
        )
        if n < 2:
            Citation.objects.create(record=record, source=other, locator="p. 4", quote="")
            Citation.objects.create(record=record, source=source, locator="", quote='Said "so"')
    ContaminationRecordFactory(area=area, admin_area=province, confirmed_m2=1234567, suspected_m2=None)
    UseReportFactory(area=area, actor_area=area)


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
@pytest.mark.parametrize("route", ROUTES)
def test_each_line_and_page_item_is_the_serializers_item_for_the_same_record(
    awkward_records, staff_client, monkeypatch, route, language
):
    query = f"figures=all&lang={language}" if route != "programmes" else f"lang={language}"
    built = listed(staff_client, route, query)
    paged = [item for offset in (0, 3) for item in listed(staff_client, route, f"{query}&offset={offset}", limit=3)]
    jsonl = lines(staff_client.get(f"/api/v1/{route}/?{query}&format=jsonl"))
    monkeypatch.setattr(JSONLinesMixin, "sql_page", lambda *args: None)  # the serializer's page
    expected = listed(staff_client, route, f"{query}&offset=0")  # another URL: not the page cached above
    assert expected, "the data has records of every kind"
    assert jsonl == expected
    assert built == expected
    assert paged == expected[:6]


def test_lines_are_the_same_where_the_citations_join_cannot_be_added(awkward_records, monkeypatch):
    url = "/api/v1/casualties/?figures=all&format=jsonl"
    joined = lines(APIClient().get(url))
    monkeypatch.setattr(citations_sql, "sql_with_join", lambda *args: None)  # a subquery a row instead
    assert any(item["citations"] for item in joined)
    assert lines(APIClient().get(url)) == joined


def test_every_route_renders_its_lines_in_the_database():
    for prefix, viewset, _ in router.registry:
        if prefix in ROUTES:
            view = viewset(request=None, format_kwarg=None, action="list")
            serializer = viewset.serializer_class(context={"request": None, "view": view})
            assert json_lines_copy_sql(serializer, viewset.queryset.model._default_manager.all()) is not None, prefix


def test_lines_take_the_filters_the_order_and_the_field_selection(awkward_records):
    client = APIClient()
    query = "area=XJL&figures=all&ordering=-period_start&fields=id,period,admin_area,citations"
    found = lines(client.get(f"/api/v1/casualties/?{query}&format=jsonl"))
    assert found == listed(client, "casualties", query)
    assert [list(item) for item in found] == [["id", "admin_area", "period", "citations"]] * len(found)
    assert [item["period"] for item in found] == ["2023-02", "2023", "2022-06-30", "2021-01-01/2022-06-30"]


def test_a_whole_list_ignores_paging_like_the_csv_download(awkward_records):
    client = APIClient()
    every = lines(client.get("/api/v1/casualties/?figures=all&format=jsonl&limit=2"))
    assert len(every) == CasualtyRecord.objects.filter(status="published").count() > 2


def test_anonymous_clients_never_get_drafts(awkward_records, staff_client):
    area = AreaFactory(code="XJD")
    draft = CasualtyRecordFactory(area=area, status="draft", is_preferred=False)
    retracted = CasualtyRecordFactory(
        area=area, status="retracted", retraction_reason="Withdrawn (test).", is_preferred=False, total=11
    )
    Programme.objects.filter(slug="east-shield").update(status="draft")
    public = {item["id"] for item in lines(APIClient().get("/api/v1/casualties/?figures=all&format=jsonl"))}
    assert public and {draft.id, retracted.id}.isdisjoint(public)
    assert lines(APIClient().get("/api/v1/programmes/?format=jsonl")) == []
    assert [item["slug"] for item in lines(staff_client.get("/api/v1/programmes/?format=jsonl"))] == ["east-shield"]
    staff = {item["id"] for item in lines(staff_client.get("/api/v1/casualties/?figures=all&format=jsonl"))}
    assert {draft.id, retracted.id} <= staff


def test_jsonl_is_offered_on_lists_only_and_refuses_bad_parameters(awkward_records):
    client = APIClient()
    record = CasualtyRecord.objects.filter(status="published").first()
    assert client.get(f"/api/v1/casualties/{record.id}/?format=jsonl").status_code == 400
    assert client.get("/api/v1/countries/?format=jsonl").status_code == 400
    response = client.get("/api/v1/casualties/?format=jsonl&limit=0")
    assert response.status_code == 400 and "limit" in response.json()
    response = client.get("/api/v1/casualties/?format=jsonl&fields=nope")
    assert response.status_code == 400 and "fields" in response.json()


def test_accept_asks_for_json_lines_and_as_of_answers_its_page_as_lines(awkward_records):
    client = APIClient()
    by_header = lines(client.get("/api/v1/casualties/?figures=all", HTTP_ACCEPT="application/x-ndjson"))
    assert by_header == lines(client.get("/api/v1/casualties/?figures=all&format=jsonl"))
    moment = "2100-01-01T00:00:00Z"
    page = client.get(f"/api/v1/casualties/?as_of={moment}&limit=5")
    response = client.get(f"/api/v1/casualties/?as_of={moment}&limit=5&format=jsonl")
    assert page.status_code == 200 and page.json()["count"] > 5
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert [json.loads(line) for line in response.content.splitlines()] == page.json()["results"]


def test_an_empty_list_as_of_a_past_moment_is_empty_json_lines(api_client):
    response = api_client.get("/api/v1/programmes/?format=jsonl&as_of=2000-01-01T00:00:00Z&pagination=cursor&limit=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert response.content == b""


def test_every_page_is_its_ids_and_one_item_statement_the_same_for_every_page(awkward_records):
    """api/sql_pages.py: the page's ids are picked by the request's query, the items built by a statement whose text
    is the same for every page (so it is prepared once per connection)."""
    items = set()
    for offset in (0, 2):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = APIClient().get(f"/api/v1/casualties/?figures=all&offset={offset}&limit=2")
        assert response.status_code == 200
        assert len(response.json()["results"]) == 2
        sent = [query["sql"] for query in queries.captured_queries]
        assert len([sql for sql in sent if "LIMIT 2" in sql]) == 1
        built = [sql for sql in sent if "json_build_object" in sql]
        assert len(built) == 1 and "LIMIT" not in built[0]
        items.add(built[0].split(" - PARAMS = ")[0])  # as Django logs a statement bound on the server
    assert len(items) == 1


def test_the_item_statement_is_prepared_once_and_planned_from_then_on_as_prepared(awkward_records):
    """Read from the connection's own pg_prepared_statements: one item statement, planned for three pages (two
    offsets of one country's list, and the whole list). psycopg forgets what it prepared when it sees DEALLOCATE ALL."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    for query in ("area=XJL&limit=2", "area=XJL&offset=2&limit=2", "limit=2"):
        cache.clear()
        assert APIClient().get(f"/api/v1/casualties/?figures=all&{query}").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE statement LIKE %s", ["%kb_page%"]
        )
        assert cursor.fetchall() == [(3,)]


def test_a_keyset_walk_gives_the_serializers_items_forth_and_back(awkward_records, staff_client, monkeypatch):
    url, pages = "/api/v1/casualties/?figures=all&area=XJL&pagination=cursor&limit=3", []
    while url:
        pages.append(staff_client.get(url).json())
        url = pages[-1]["next"]
    back = staff_client.get(pages[-1]["previous"]).json()["results"]
    monkeypatch.setattr(JSONLinesMixin, "sql_page", lambda *args: None)  # the serializer's page
    expected = listed(staff_client, "casualties", "figures=all&area=XJL&pagination=cursor")
    assert len(pages) == 2
    assert [item for page in pages for item in page["results"]] == expected
    assert back == pages[0]["results"]

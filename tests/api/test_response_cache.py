"""The per-process response cache (api/caching.py) never serves one reader's view of the data to another: not
another partner's drafts, not another language's names."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kb.models import CasualtyRecord, Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

URL = "/api/v1/casualties/?area=SYR&limit=100"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def still_data(monkeypatch):
    """One data stamp for the whole test, as on a server where nothing else is written meanwhile (here other
    sessions' writes would move it and hide a wrong cache key)."""
    monkeypatch.setattr("api.caching._stamp_sql", lambda: "SELECT 'still'")


def submit(client, year):
    figure = {"country_code": "SYR", "period": str(year), "total": 5, "source": "lm2023-impact"}
    response = client.post("/api/v1/casualties/", figure, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_partners_with_lists_alike_in_size_and_age_never_share_a_cached_page(make_token, partner_org, still_data):
    _, first = make_token()
    _, second = make_token(organisation=Organisation.objects.get(name="Human Rights Watch"))
    mine, theirs = submit(first, 2010), submit(second, 2011)
    # Same number of visible rows and the same newest change for both lists: their ETags are alike.
    older = timezone.now() - dt.timedelta(days=1)
    CasualtyRecord.objects.filter(pk__in=[mine, theirs]).update(updated_at=older)
    first.get(URL), second.get(URL)  # each asked for once: kept when asked for again (api/caching.py ASKED)
    assert [r["id"] for r in first.get(URL).json()["results"] if r["status"] == "draft"] == [mine]
    assert [r["id"] for r in second.get(URL).json()["results"] if r["status"] == "draft"] == [theirs]


def test_cached_pages_follow_the_language(api_client, still_data):
    for language in ("en", "uk"):  # asked for once: kept when asked for again
        api_client.get(URL, headers={"Accept-Language": language})
    english = api_client.get(URL, headers={"Accept-Language": "en"}).json()["results"][0]["area"]["name"]
    ukrainian = api_client.get(URL, headers={"Accept-Language": "uk"}).json()["results"][0]["area"]["name"]
    assert (english, ukrainian) == ("Syria", "Сирія")


def test_cached_pages_keep_their_own_links_whatever_bom_says(api_client, still_data):
    """A page's next link repeats the request's parameters: one cached for `bom=0` is not served for `bom=1`."""
    links = [api_client.get(f"/api/v1/casualties/?limit=1&bom={value}").json()["next"] for value in ("0", "1", "true")]
    assert ["bom=0" in links[0], "bom=1" in links[1], "bom=true" in links[2]] == [True, True, True]


def test_a_value_holding_an_ampersand_is_not_cached_as_two_parameters(api_client, still_data):
    """`language=en%26q%3DMonitor` is one value that matches nothing; its empty page must not answer
    `language=en&q=Monitor` afterwards (anyone could otherwise plant an empty answer for a real query)."""
    api_client.get("/api/v1/sources/?language=en%26q%3DMonitor")  # asked for twice: kept
    planted = api_client.get("/api/v1/sources/?language=en%26q%3DMonitor")
    assert (planted.status_code, planted.json()["count"]) == (200, 0)
    real = api_client.get("/api/v1/sources/?language=en&q=Monitor").json()
    assert real["count"] > 0
    assert all(s["language"] == "en" and "Monitor" in s["title"] + s["publisher"] for s in real["results"])


def test_a_publication_is_seen_at_once(api_client, staff_client):
    before = api_client.get(URL).json()["count"]
    record = CasualtyRecord.objects.filter(area__code="SYR").first()
    CasualtyRecord.objects.filter(pk=record.pk).update(status="draft")
    assert api_client.get(URL).json()["count"] == before - 1


def test_a_moved_data_stamp_replaces_the_cached_entry_instead_of_adding_one(api_client, monkeypatch):
    stamps = iter(["one", "one", "two", "two", "three", "three"])  # a miss reads it again, after the settled moment
    monkeypatch.setattr("api.caching._stamp_sql", lambda: f"SELECT '{next(stamps)}'")
    for _ in range(3):
        assert api_client.get(URL).status_code == 200
    entries = [key for key in cache._cache if "api-data:" in key]  # LocMemCache's store (settings.test)
    assert len(entries) == 1


def test_a_page_answered_before_costs_one_query_and_keeps_its_etag(api_client, django_assert_num_queries, still_data):
    first = api_client.get(URL)
    api_client.get(URL)  # asked for again: kept from now on
    with django_assert_num_queries(1):  # the data stamp
        again = api_client.get(URL)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert api_client.get(URL, headers={"If-None-Match": first["ETag"]}).status_code == 304


def statements(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def built(sqls: list[str]) -> bool:
    return any("json_build_object" in sql for sql in sqls)  # the page's statement (api/sql_pages.py)


def test_a_page_is_kept_only_once_it_is_asked_for_again(api_client, still_data):
    """Traffic that never repeats a URL (each partner its own country and years) would fill memory, or Redis, with
    pages nobody asks for again: a page asked for once leaves only that it was asked, not the page."""
    assert built(statements(api_client, URL))
    [entry] = [value for key, value in cache._cache.items() if "api-data:" in key]
    assert len(entry) < 200  # the stamp and a word, pickled: not a page of 100 records
    assert built(statements(api_client, URL))  # asked again: built, and now kept
    assert len(statements(api_client, URL)) == 1  # the data stamp: answered from memory
    assert built(statements(api_client, f"{URL}&year__gte=2001"))  # another URL is another page

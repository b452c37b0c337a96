"""ETag / Last-Modified and 304s on streamed CSV and HXL and on computed routes; the client's quota in RateLimit-*
headers on every throttled response."""

import datetime as dt

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import parse_http_date
from rest_framework.test import APIClient

from api.caching import count_key
from api.throttling import AnonRateThrottle, PartnerRateThrottle
from kb.models import CasualtyRecord, CasualtyRecordEvent, HazardArea
from kb.services.data_stamp import history_maxima_expression
from tests.factories import AreaFactory, CasualtyRecordFactory, HazardAreaFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

CONDITIONAL_ROUTES = [
    "/api/v1/casualties/?format=csv",
    "/api/v1/casualties/?format=hxl&figures=all",
    "/api/v1/casualties/summary/?group_by=year",
    "/api/v1/casualties/summary/?group_by=year&format=csv",
    "/api/v1/treaty-status/?treaty=APMBC",
    "/api/v1/treaty-status/POL/?treaty=APMBC&format=csv",
    "/api/v1/coverage/",
    "/api/v1/countries/POL/profile/",
    "/api/v1/hazard-areas/remaining/",
    "/api/v1/casualties/?pagination=cursor&limit=5",
]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("path", CONDITIONAL_ROUTES)
def test_a_repeated_conditional_get_is_a_304(api_client, path):
    first = api_client.get(path)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"') and parse_http_date(last_modified)
    assert body(first)

    again = api_client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert body(again) == b""
    since = api_client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert since.status_code == 304
    assert api_client.get(path, HTTP_IF_NONE_MATCH='W/"something-else"').status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/casualties/?format=csv&area=XCE",
        "/api/v1/casualties/?pagination=cursor&area=XCE",
        "/api/v1/casualties/summary/?area=XCE",
        "/api/v1/coverage/?area=XCE",
    ],
)
def test_the_etag_moves_when_the_data_does(api_client, path):
    area = AreaFactory(code="XCE")
    CasualtyRecordFactory(area=area, period_start=dt.date(2020, 1, 1), total=5)
    before = api_client.get(path)
    before_body = body(before)  # read now: a stream is read as it is sent

    CasualtyRecordFactory(area=area, period_start=dt.date(2021, 1, 1), total=7)
    after = api_client.get(path, HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert b"2021" in body(after) and b"2021" not in before_body


@pytest.fixture
def stamp_of_own_writes(monkeypatch):
    """The data stamp without the database snapshot, which other sessions' transactions (parallel tests) move
    between two requests too: it moves with this test's writes only."""
    monkeypatch.setattr("api.caching._stamp_sql", lambda: f"SELECT {history_maxima_expression()}")


@pytest.mark.usefixtures("stamp_of_own_writes")
def test_a_keyset_walk_counts_its_rows_once(api_client):
    def counted(url: str) -> tuple[dict, int]:
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(url).json()
        return body, len([q for q in queries.captured_queries if "count(" in q["sql"].lower()])

    first, counts = counted("/api/v1/casualties/?pagination=cursor&figures=all&limit=2")
    assert counts == 1 and first["next"]
    second, counts = counted(first["next"])
    assert counts == 0 and second["results"] and second["results"] != first["results"]


@pytest.mark.usefixtures("stamp_of_own_writes")
def test_the_pages_of_one_list_count_its_rows_once_until_the_data_changes(api_client):
    area = AreaFactory(code="XCC")
    for year in range(2001, 2006):
        CasualtyRecordFactory(area=area, period_start=dt.date(year, 1, 1), total=year - 2000)

    def page(offset: int) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"/api/v1/casualties/?area=XCC&limit=2&offset={offset}")
        counts = [q for q in queries.captured_queries if "count(" in q["sql"].lower()]
        return response.json()["count"], len(counts)

    assert page(0) == (5, 1)
    assert page(2) == (5, 0)  # counted under this data stamp already
    CasualtyRecordFactory(area=area, period_start=dt.date(2006, 1, 1), total=6)
    assert page(4) == (6, 1)


@pytest.mark.usefixtures("stamp_of_own_writes")
def test_lists_filtered_by_different_boxes_never_share_a_count(api_client):
    """The count kept per data stamp is keyed by the boxes' values, not by the objects that carry them (whose memory
    a later request reuses): each box's list counts its own polygons, asked for one after the other and again."""
    area = AreaFactory(code="XBX")
    for box in range(6):
        for n in range(box + 1):
            square = Polygon.from_bbox((10 * box + 1 + n, 1, 10 * box + 1.5 + n, 1.5))
            HazardAreaFactory(area=area, reference=f"B{box}-{n}", geometry=MultiPolygon(square, srid=4326))

    for _ in range(2):
        for box in range(6):
            listed = api_client.get("/api/v1/hazard-areas/", {"bbox": f"{10 * box},0,{10 * box + 9},9", "limit": 1})
            assert listed.json()["count"] == box + 1


def test_the_count_cache_key_holds_the_values_themselves(db):
    def key(west: float) -> str:
        box = Polygon.from_bbox((west, 0, west + 1, 1))
        box.srid = 4326
        rows = HazardArea.objects.filter(geometry__intersects=box).values("updated_at")
        return count_key("default", *rows.query.sql_with_params(), stamp="s")

    assert key(1) == key(1) != key(2)


def test_formats_of_one_route_have_their_own_etags(api_client):
    path = "/api/v1/casualties/summary/?group_by=year"
    etags = {api_client.get(path, {"format": fmt})["ETag"] for fmt in ("json", "csv", "hxl")}
    assert len(etags) == 3


def test_a_list_chosen_by_accept_header_has_its_own_etag_per_format_and_language(api_client):
    """The same URL in JSON and, by Accept, CSV (or in another language) are different answers: the JSON page's ETag
    must not get a 304 for them, or a cache revalidating its copy would keep the wrong one."""
    path = "/api/v1/casualties/?area=SYR"
    etag = api_client.get(path)["ETag"]
    for headers in ({"Accept": "text/csv"}, {"Accept-Language": "uk"}):
        other = api_client.get(path, headers={"If-None-Match": etag, **headers})
        assert (other.status_code, other["ETag"] != etag) == (200, True), headers
    assert api_client.get(path, headers={"If-None-Match": etag}).status_code == 304


def test_a_list_is_modified_when_a_row_leaves_it(api_client):
    """A retracted record leaves the list without changing any listed row's updated_at: Last-Modified must move all the
    same, or a client asking If-Modified-Since keeps the retracted figure."""
    path = "/api/v1/casualties/?area=SYR"
    first = api_client.get(path)
    record = CasualtyRecord.objects.get(pk=first.json()["results"][0]["id"])
    CasualtyRecord.objects.filter(pk=record.pk).update(status="retracted", retraction_reason="Wrong figure")
    # As if committed a minute later (in a test, every statement shares the transaction's now()).
    retraction = CasualtyRecordEvent.objects.filter(pgh_obj_id=record.pk).latest("pgh_id")
    CasualtyRecordEvent.objects.filter(pk=retraction.pk).update(pgh_created_at=timezone.now() + dt.timedelta(minutes=1))
    again = api_client.get(path, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 200
    assert record.pk not in [r["id"] for r in again.json()["results"]]


def test_a_change_committed_late_with_an_older_stamp_still_moves_the_list_etag(api_client, second_connection):
    """Another session's transaction, begun before the list's newest change, commits an update stamped at its start:
    the count and the newest change time stay as they were. While it is open the ETag names it, and Last-Modified
    is left out, so that the ETag moves when it ends and no client holds the old figure on a 304."""
    path = "/api/v1/casualties/?area=SYR"
    record_id = api_client.get(path).json()["results"][0]["id"]
    second_connection.execute("BEGIN")
    # Its transaction starts here, as a writer's (a write of its own would outlive the test: it commits).
    second_connection.execute("SELECT txid_current()")
    CasualtyRecord.objects.filter(pk=record_id).update(updated_at=timezone.now())  # the list's newest change

    pending = api_client.get(path)
    assert "Last-Modified" not in pending
    assert api_client.get(path, HTTP_IF_NONE_MATCH=pending["ETag"]).status_code == 304  # stable while it is open

    second_connection.execute("COMMIT")  # what it wrote, stamped before that change, would be readable now
    after = api_client.get(path, HTTP_IF_NONE_MATCH=pending["ETag"])
    assert after.status_code == 200
    assert "Last-Modified" in after


@pytest.mark.parametrize(
    "path", ["/api/v1/casualties/?area=SYR", "/api/v1/casualties/summary/", "/api/v1/treaty-status/?treaty=APMBC"]
)
def test_api_answers_must_be_revalidated_before_a_cache_reuses_them(api_client, staff_client, path):
    assert api_client.get(path)["Cache-Control"] == "no-cache"
    assert staff_client.get(path)["Cache-Control"] == "private, no-cache"


def test_an_answer_that_depends_on_today_is_never_older_than_today(api_client):
    today = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)

    default_on = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC"})
    dated = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "on": "2020-01-01"})

    assert parse_http_date(default_on["Last-Modified"]) >= today.timestamp()
    assert parse_http_date(dated["Last-Modified"]) <= parse_http_date(default_on["Last-Modified"])


@pytest.fixture
def tight_rates(monkeypatch):
    cache.clear()
    rates = {**AnonRateThrottle.THROTTLE_RATES, "anon": "3/minute", "partner": "5/minute"}
    for throttle in (AnonRateThrottle, PartnerRateThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", rates)  # undone as inherited, not left on the class
    yield
    cache.clear()


def quota(response) -> tuple[int, int, int]:
    return tuple(int(response[f"RateLimit-{name}"]) for name in ("Limit", "Remaining", "Reset"))


def test_anonymous_responses_carry_the_quota_and_the_429_says_it_is_spent(tight_rates):
    client = APIClient()

    paths = ("/api/v1/treaties/", "/api/v1/casualties/?format=csv", "/api/v1/casualties/999999999/")
    responses = [client.get(path) for path in paths]
    responses += [client.get("/api/v1/treaties/")]

    assert [r.status_code for r in responses] == [200, 200, 404, 429]
    assert [quota(r)[:2] for r in responses] == [(3, 2), (3, 1), (3, 0), (3, 0)]
    assert all(0 < quota(r)[2] <= 60 for r in responses)
    assert int(responses[-1]["Retry-After"]) > 0


class Clock:
    now = 1_800_000_000.0

    def time(self) -> float:
        return self.now


def test_a_window_opens_with_the_first_request_and_its_count_starts_again_once_it_closes(tight_rates, monkeypatch):
    """3 a minute: the window opens at the first request, RateLimit-Reset counts down to its close, and once closed
    the client has its whole quota again (the cache's clock and the limit's moved together)."""
    clock = Clock()
    for module in ("base", "locmem"):  # where the cache sets and checks expiry times
        monkeypatch.setattr(f"django.core.cache.backends.{module}.time", clock)
    monkeypatch.setattr(AnonRateThrottle, "timer", lambda self: clock.now)
    client = APIClient()
    seen = []
    for offset in (0, 20, 40, 50, 61):
        clock.now = Clock.now + offset
        response = client.get("/api/v1/treaties/")
        seen.append((response.status_code, *quota(response)[1:]))
    assert seen == [(200, 2, 60), (200, 1, 40), (200, 0, 20), (429, 0, 10), (200, 2, 60)]


def test_a_partner_token_has_its_own_quota(tight_rates, partner_client):
    response = partner_client.get("/api/v1/casualties/summary/")

    assert response.status_code == 200
    assert quota(response)[:2] == (5, 4)


def test_unthrottled_pages_carry_no_quota(client):
    assert not client.get("/en/").has_header("RateLimit-Limit")

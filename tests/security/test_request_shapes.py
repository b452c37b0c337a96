"""No request shape gives a 500 (finding 7 of docs/reliability.md's security review, one test per cause), plus the
locking holes of finding 6 and the change feed's cursor (finding 12)."""

import base64

import pytest
from django.test import Client
from django.utils import timezone

from kb.models import CasualtyRecord, Source
from tests.admin.forms import period_fields
from tests.factories import AreaFactory, CasualtyRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anon():
    return Client(raise_request_exception=False)


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("position", ["abc", "1e5", "-1", "99999999999999999999", "\uff11\uff12"])
def test_m7_a_tampered_keyset_cursor_is_a_400(anon, position):
    response = anon.get("/api/v1/casualties/", {"cursor": _cursor(f"p={position}")})
    assert response.status_code == 400
    assert response.json() == {"cursor": ["Invalid cursor: follow the next or previous link of a page."]}


@pytest.mark.parametrize("value", ["2026-02-30", "0000-00-00", "2026-01-01T25:00:00", "2026-13-01T00:00:00Z"])
@pytest.mark.parametrize(("path", "name"), [("/api/v1/casualties/", "as_of"), ("/api/v1/changes/", "since")])
def test_m7_impossible_dates_are_a_400(anon, path, name, value):
    response = anon.get(path, {name: value})
    assert response.status_code == 400
    assert "Use a date (YYYY-MM-DD)" in response.content.decode()


@pytest.mark.parametrize("name", ["year", "year__gte", "year__lte"])
def test_m7_years_beyond_the_integer_range_are_a_400(anon, name):
    response = anon.get("/api/v1/casualties/", {name: 2**31 + 5})
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_m7_an_integer_filter_no_row_can_match_is_an_empty_page(anon):
    response = anon.get("/api/v1/admin-areas/", {"level": 2**31})
    assert response.status_code == 400  # bounded at the edge; the ETag of an impossible filter is covered below
    from api.caching import ConditionalMixin
    from kb.selectors.settled import NOTHING_SETTLED

    impossible = CasualtyRecord.objects.filter(pk=2**70)
    request = type("R", (), {"get_full_path": lambda self: "/x"})()
    etag, last = ConditionalMixin().list_etag(request, impossible, None, NOTHING_SETTLED)
    assert etag.startswith('W/"') and last is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/countries/%00/",
        "/api/v1/treaty-status/?treaty=APMBC&area=%00",
        "/api/v1/casualties/?pcode=%00",
        "/api/v1/sources/?q=a%00b",
    ],
)
def test_m7_nul_bytes_in_api_paths_and_filters_are_a_400(anon, url):
    response = anon.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/countries/%00/", "/countries/?q=%00", "/admin/login/?next=%00"])
def test_m7_nul_bytes_on_pages_are_a_400(anon, url):
    response = anon.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize("year", ["²⁰²⁴", "٢٠٢٤", "2O24"])
def test_m7_non_ascii_digits_in_the_pages_year_are_ignored(anon, year):
    response = anon.get("/en/", {"year": year})
    assert response.status_code == 200


def test_m7_a_malformed_id_in_a_partner_patch_is_a_404(partner_client):
    response = partner_client.patch("/api/v1/casualties/abc/", {"total": 1}, format="json", headers={"If-Match": "*"})
    assert response.status_code == 404
    assert response.json() == {"detail": "No CasualtyRecord matches the given query."} or "detail" in response.json()


def test_m7_deeply_nested_json_is_a_400(partner_client):
    body = "[" * 100_000 + "]" * 100_000
    response = partner_client.generic("POST", "/api/v1/casualties/", body, content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"] or "nests deeper" in response.json()["detail"]


def test_m7_a_nul_character_in_a_json_body_is_a_400(partner_client):
    body = '{"country_code": "XKX", "period": "2024", "total": 1, "source": "lm2023-impact", "notes": "a\\u0000b"}'
    response = partner_client.generic("POST", "/api/v1/casualties/", body, content_type="application/json")
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


# Finding 6: locking without holes ------------------------------------------------------------------------------


@pytest.mark.parametrize("if_match", ['"garbage"', "W/", '"1-"', '"-3"', "abc-def"])
def test_m6_a_malformed_if_match_is_a_400(make_token, if_match):
    _, client = make_token()
    created = client.post(
        "/api/v1/casualties/",
        {"country_code": "XKX", "period": "2019", "total": 3, "source": "lm2023-impact"},
        format="json",
    )
    url = f"/api/v1/casualties/{created.json()['id']}/"
    response = client.patch(url, {"total": 4}, format="json", headers={"If-Match": if_match})
    assert response.status_code == 400
    assert list(response.json()) == ["If-Match"]
    assert CasualtyRecord.objects.get(pk=created.json()["id"]).total == 3


def test_m6_another_records_etag_is_a_400(make_token):
    _, client = make_token()
    first = client.post(
        "/api/v1/casualties/", {"country_code": "XKX", "period": "2019", "total": 3, "source": "lm2023-impact"}
    )
    record = CasualtyRecordFactory(area=AreaFactory(code="XE6"), total=1)
    response = client.patch(
        f"/api/v1/casualties/{first.json()['id']}/",
        {"total": 4},
        format="json",
        headers={"If-Match": f'"{record.pk}-{first.json()["version"] if "version" in first.json() else 1}"'},
    )
    assert response.status_code == 400


def test_m6_sources_check_the_etag(staff_client, reviewer):
    staff_client.force_authenticate(reviewer)
    source = Source.objects.get(slug="lm2023-impact")
    etag = staff_client.get(f"/api/v1/sources/{source.slug}/")["ETag"]
    Source.objects.filter(pk=source.pk).update(title="Changed by someone else meanwhile", updated_at=timezone.now())
    response = staff_client.patch(
        f"/api/v1/sources/{source.slug}/", {"title": "Mine"}, format="json", headers={"If-Match": etag}
    )
    assert response.status_code == 412
    assert Source.objects.get(pk=source.pk).title == "Changed by someone else meanwhile"


def test_m6_the_admin_refuses_a_save_without_the_version_it_was_opened_at(client, reviewer):
    from django.urls import reverse

    record = CasualtyRecordFactory(area=AreaFactory(code="XE7"), total=5, status="draft")
    client.force_login(reviewer)
    url = reverse("admin:kb_casualtyrecord_change", args=[record.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if not isinstance(v, list | dict)}
    data.update(
        {
            "area": record.area_id,
            **period_fields(record.period),
            "total": "7",
            "source": record.source_id,
            "kb-citation-content_type-object_id-TOTAL_FORMS": "0",
            "kb-citation-content_type-object_id-INITIAL_FORMS": "0",
        }
    )
    data.pop("seen_version", None)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "did not say which version" in response.content.decode()
    record.refresh_from_db()
    assert record.total == 5


# Finding 12: the change feed's cursor ------------------------------------------------------------------------------


def test_m12_next_cursor_stays_a_string_when_up_to_date(anon):
    first = anon.get("/api/v1/changes/", {"limit": 1000}).json()
    cursor = first["next_cursor"]
    while True:
        page = anon.get("/api/v1/changes/", {"cursor": cursor, "limit": 1000})
        assert page.status_code == 200
        body = page.json()
        assert isinstance(body["next_cursor"], str)
        if not body["results"]:
            break
        cursor = body["next_cursor"]
    again = anon.get("/api/v1/changes/", {"cursor": body["next_cursor"]})
    assert again.status_code == 200 and again.json()["next_cursor"] == body["next_cursor"]

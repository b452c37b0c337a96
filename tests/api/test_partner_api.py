"""Partner API: tokens and scopes, submissions, bulk, updates with If-Match, caching, formats, change feed."""

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from kb.models import CasualtyRecord, PartnerToken
from kb.services.imports.base import MSG_EXISTS_HIDDEN, MSG_SAME_ITEM
from tests.factories import AreaFactory, CasualtyRecordFactory, SourceFactory

pytestmark = pytest.mark.django_db

FIGURE = {"country_code": "XKX", "period": "2024", "total": 7, "killed": 2, "injured": 5, "source": "lm2023-impact"}


# Tokens and scopes ---------------------------------------------------------------------------------------------


def test_writes_without_a_token_are_401_with_a_challenge(api_client):
    response = api_client.post("/api/v1/casualties/", FIGURE, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'


def test_read_only_token_cannot_write(make_token):
    _, client = make_token(scopes=["read"])
    assert client.get("/api/v1/casualties/").status_code == 200
    response = client.post("/api/v1/casualties/", FIGURE, format="json")
    assert response.status_code == 403


def test_submit_only_token_cannot_read(make_token):
    _, client = make_token(scopes=["submit"])
    assert client.get("/api/v1/casualties/").status_code == 403


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"expires_at": timezone.now() - dt.timedelta(minutes=1)}, "This token has expired."),
        ({"allowed_ips": ["10.1.2.3"]}, "This token may not be used from 127.0.0.1."),
    ],
)
def test_expired_or_wrong_ip_tokens_are_401(make_token, options, message):
    _, client = make_token(**options)
    response = client.get("/api/v1/casualties/")
    assert response.status_code == 401
    assert response.json() == {"detail": message}


def test_revoked_and_unknown_tokens_are_401(make_token):
    from kb.services.tokens import token_revoke

    token, client = make_token()
    token_revoke(token=token)
    assert client.post("/api/v1/casualties/", FIGURE, format="json").status_code == 401
    from rest_framework.test import APIClient

    stranger = APIClient(headers={"Authorization": "Token not-a-real-key-at-all"})
    assert stranger.get("/api/v1/casualties/").json() == {"detail": "Invalid token."}


def test_allowed_ip_passes_and_last_use_is_recorded(make_token):
    token, client = make_token(allowed_ips=["127.0.0.1"])
    assert client.get("/api/v1/casualties/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_keys_are_stored_hashed_and_shown_once_in_the_admin(admin_client, partner_org):
    response = admin_client.post(
        reverse("admin:kb_partnertoken_add"),
        {"organisation": partner_org.pk, "name": "IMSMA sync", "scopes": ["read", "submit"], "allowed_ips": ""},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = response.context["key"]
    token = PartnerToken.objects.get(name="IMSMA sync")
    assert key.startswith(token.prefix) and key not in token.key_hash and len(token.key_hash) == 64
    assert f'<code id="token-key">{key}</code>' in response.content.decode()
    assert key not in response.cookies.get("messages", "") and "messages" not in response.cookies  # not in a cookie
    detail = admin_client.get(reverse("admin:kb_partnertoken_change", args=[token.pk])).content.decode()
    assert key not in detail


def test_anonymous_throttle_answers_429_with_retry_after(settings):
    from rest_framework.test import APIClient
    from rest_framework.throttling import AnonRateThrottle

    cache.clear()
    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {**original, "anon": "2/minute"}
    try:
        client = APIClient()
        codes = [client.get("/api/v1/treaties/") for _ in range(3)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert int(codes[-1]["Retry-After"]) > 0


# Submissions ---------------------------------------------------------------------------------------------------


def test_partner_submission_arrives_as_an_attributed_draft(partner_client, partner_org, api_client, staff_client):
    response = partner_client.post(
        "/api/v1/casualties/",
        {
            **FIGURE,
            "qualifiers": {"total": "at_least"},
            "citations": [{"source": "national-lm2023", "locator": "p. 2"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["total"], body["qualifiers"]) == ("draft", 7, {"total": "at_least"})
    assert response["ETag"] == f'"{body["id"]}-1.en.json"'
    record = CasualtyRecord.objects.get(pk=body["id"])
    assert record.partner_organisation == partner_org
    assert record.submitted_by.username.startswith("partner-")
    assert [c.source.slug for c in record.citations.all()] == ["national-lm2023"]
    assert api_client.get("/api/v1/casualties/", {"area": "XKX"}).json()["results"] == []  # not public
    assert api_client.get(f"/api/v1/casualties/{record.pk}/").status_code == 404
    assert partner_client.get(f"/api/v1/casualties/{record.pk}/").status_code == 200  # its own draft
    assert staff_client.get(f"/api/v1/casualties/{record.pk}/").status_code == 200


def test_submission_errors_are_400_per_field(partner_client):
    response = partner_client.post(
        "/api/v1/casualties/", {**FIGURE, "country_code": "QQQ", "killed": 9, "total": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"total": ["A valid integer is required."]}
    response = partner_client.post("/api/v1/casualties/", {**FIGURE, "country_code": "QQQ"}, format="json")
    assert response.json() == {"country_code": ["Unknown country code 'QQQ'."]}
    response = partner_client.post("/api/v1/casualties/", {**FIGURE, "killed": 9}, format="json")
    assert response.json() == {
        "non_field_errors": ["Killed, injured and fate unknown together cannot exceed the total."]
    }


def test_submitting_an_existing_figure_is_refused(partner_client):
    assert partner_client.post("/api/v1/casualties/", FIGURE, format="json").status_code == 201
    response = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    assert response.status_code == 400
    assert "already exists" in response.json()["non_field_errors"][0]


def test_bulk_create_is_all_or_nothing(partner_client):
    items = [FIGURE, {**FIGURE, "period": "2023"}, {**FIGURE, "period": "2022", "country_code": "QQQ"}]
    response = partner_client.post("/api/v1/casualties/bulk/", items, format="json")
    assert response.status_code == 400
    assert response.json() == {"items": [{}, {}, {"country_code": ["Unknown country code 'QQQ'."]}]}
    assert not CasualtyRecord.objects.filter(area__code="XKX").exists()
    response = partner_client.post("/api/v1/casualties/bulk/", items[:2], format="json")
    assert response.status_code == 201
    assert [r["period"] for r in response.json()] == ["2024", "2023"]


def test_a_field_no_route_writes_is_refused_not_dropped(partner_client):
    """A typo lost its figure with a 201, and `status` seemed accepted: both are 400s naming the key."""
    response = partner_client.post("/api/v1/casualties/", {**FIGURE, "kiled": 3, "status": "published"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"kiled", "status"} and "writable fields" in response.json()["kiled"][0]
    assert not CasualtyRecord.objects.filter(area__code="XKX").exists()
    bulk = partner_client.post("/api/v1/casualties/bulk/", [FIGURE, {**FIGURE, "injurd": 4}], format="json")
    assert bulk.status_code == 400 and list(bulk.json()["items"][1]) == ["injurd"]
    created = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    url = f"/api/v1/casualties/{created.json()['id']}/"
    patch = partner_client.patch(url, {"injurd": 4}, format="json", headers={"If-Match": created["ETag"]})
    assert patch.status_code == 400 and list(patch.json()) == ["injurd"]


def test_bulk_type_errors_and_size(partner_client):
    response = partner_client.post("/api/v1/casualties/bulk/", [FIGURE, {**FIGURE, "total": "many"}], format="json")
    assert response.json()["items"][1] == {"total": ["A valid integer is required."]}
    assert partner_client.post("/api/v1/casualties/bulk/", [], format="json").status_code == 400


def test_update_own_draft_needs_if_match(partner_client):
    created = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    url, etag = f"/api/v1/casualties/{created.json()['id']}/", created["ETag"]
    assert partner_client.patch(url, {"total": 8}, format="json").status_code == 428
    stale_etag = f'"{created.json()["id"]}-999"'
    stale = partner_client.patch(url, {"total": 8}, format="json", headers={"If-Match": stale_etag})
    assert stale.status_code == 412
    ok = partner_client.patch(url, {"total": 8}, format="json", headers={"If-Match": etag})
    assert ok.status_code == 200 and ok.json()["total"] == 8
    assert ok["ETag"] != etag
    again = partner_client.patch(url, {"total": 9}, format="json", headers={"If-Match": etag})
    assert again.status_code == 412  # the first change made that ETag stale
    bad = partner_client.patch(url, {"killed": 100}, format="json", headers={"If-Match": ok["ETag"]})
    assert bad.status_code == 400


def test_partners_cannot_change_published_or_others_records(partner_client, make_token):
    from kb.models import Organisation

    published = CasualtyRecord.objects.get(area__code="WLD", year=2018, device_type=None, civilian_status=None)
    etag = f'"{published.pk}-{published.version}"'
    response = partner_client.patch(
        f"/api/v1/casualties/{published.pk}/", {"total": 1}, format="json", headers={"If-Match": etag}
    )
    assert response.status_code == 403
    created = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    _, other = make_token(organisation=Organisation.objects.get(name="Human Rights Watch"))
    url = f"/api/v1/casualties/{created.json()['id']}/"
    assert other.patch(url, {"total": 1}, format="json", headers={"If-Match": created["ETag"]}).status_code == 404


def test_sources_can_be_submitted(partner_client):
    response = partner_client.post(
        "/api/v1/sources/",
        {"slug": "partner-report-2025", "kind": "report", "title": "Partner report", "language": "en"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["slug"] == "partner-report-2025"
    # The Location names the detail by slug, as the route reads it: the record's id there was a 404.
    assert response["Location"] == "http://testserver/api/v1/sources/partner-report-2025/"
    assert partner_client.get(response["Location"]).json()["slug"] == "partner-report-2025"


# Caching -------------------------------------------------------------------------------------------------------


def test_detail_etag_and_304(api_client):
    record = CasualtyRecord.objects.filter(area__code="WLD").first()
    first = api_client.get(f"/api/v1/casualties/{record.pk}/")
    assert first["ETag"] == f'"{record.pk}-{record.version}.en.json"' and first["Last-Modified"]
    assert (
        api_client.get(f"/api/v1/casualties/{record.pk}/", headers={"If-None-Match": first["ETag"]}).status_code == 304
    )
    # Another language or format is another representation: the English JSON's ETag does not stand for it.
    for headers in ({"Accept-Language": "uk"}, {"Accept": "text/csv"}, {"Accept": "text/html"}):
        other = api_client.get(f"/api/v1/casualties/{record.pk}/", headers={"If-None-Match": first["ETag"], **headers})
        assert (other.status_code, other["ETag"] != first["ETag"]) == (200, True), headers
    again = api_client.get(f"/api/v1/casualties/{record.pk}/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304
    CasualtyRecord.objects.filter(pk=record.pk).update(notes="changed")
    assert (
        api_client.get(f"/api/v1/casualties/{record.pk}/", headers={"If-None-Match": first["ETag"]}).status_code == 200
    )


def test_list_etag_changes_with_the_data(api_client):
    first = api_client.get("/api/v1/casualties/", {"area": "WLD"})
    assert (
        api_client.get("/api/v1/casualties/", {"area": "WLD"}, headers={"If-None-Match": first["ETag"]}).status_code
        == 304
    )
    CasualtyRecordFactory(area=AreaFactory(code="WLD"), period_start=dt.date(1990, 1, 1), source=SourceFactory())
    assert (
        api_client.get("/api/v1/casualties/", {"area": "WLD"}, headers={"If-None-Match": first["ETag"]}).status_code
        == 200
    )


# Formats -------------------------------------------------------------------------------------------------------


@pytest.fixture
def small():
    area = AreaFactory(code="XSM", kind="territory", name="Smallland", latitude=10, longitude=20)
    source = SourceFactory(slug="small-report", title="Small report", url="https://example.org/small")
    CasualtyRecordFactory(area=area, source=source, total=12, killed=5, injured=7, source_locator="p. 1")
    CasualtyRecordFactory(
        area=area,
        source=source,
        total=3,
        device_type="improvised_mine",
        period_start=dt.date(2021, 1, 1),
        qualifiers={"total": "at_least"},
    )
    return area


CSV_HEADER = (
    "id,version,country_code,pcode,period,civilian_status,sex,age_group,device_type,total,killed,injured,fate_unknown,"
    "share_percent,share_of,share_basis,preferred,preference_reason,qualifiers,source,source_locator,source_quote,"
    "citations,notes,source_title,source_url,year,period_start,period_end,adm1_pcode,adm2_pcode,headline\n"
)
CSV_ROWS = (
    "{0.id},{0.version},XSM,,2021,,,,improvised_mine,3,,,,,,,true,The factory's figure.,total:at_least,small-report,"
    ",,,,Small report,https://example.org/small,2021,2021-01-01,2021-12-31,,,false\n"
    "{1.id},{1.version},XSM,,2020,,,,,12,5,7,,,,,true,The factory's figure.,,small-report,p. 1,,,,Small report,"
    "https://example.org/small,2020,2020-01-01,2020-12-31,,,true\n"
)


def small_csv_rows() -> str:
    """The expected rows of `small`, newest period first, with the ids and versions the records got."""
    return CSV_ROWS.format(*CasualtyRecord.objects.filter(area__code="XSM").order_by("-period_start"))


def test_csv_is_exact_and_streamed(api_client, small):
    response = api_client.get("/api/v1/casualties/", {"area": "XSM", "format": "csv"})
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"".join(response.streaming_content).decode() == CSV_HEADER + small_csv_rows()


def test_csv_with_bom_for_excel(api_client, small):
    response = api_client.get("/api/v1/casualties/", {"area": "XSM", "format": "csv", "bom": "1"})
    assert b"".join(response.streaming_content).decode("utf-8") == "\ufeff" + CSV_HEADER + small_csv_rows()
    computed = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "format": "csv", "bom": "true"})
    assert computed.content.startswith("\ufeffarea.iso3,".encode())
    refused = api_client.get("/api/v1/casualties/", {"format": "csv", "bom": "yes"})
    assert refused.status_code == 400 and list(refused.json()) == ["bom"]


def test_hxl_csv_has_the_tag_row(api_client, small):
    response = api_client.get("/api/v1/casualties/", {"area": "XSM", "format": "hxl"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == CSV_HEADER.strip()
    assert lines[1] == (
        "#meta+id,#meta+version,#country+code,#loc+code,#meta+period,#group+civilian_status,#group+sex,#group+age,"
        "#group+device,#affected+total,#affected+killed,#affected+injured,#affected+fate_unknown,"
        "#indicator+share+pct,#indicator+share+denominator+num,#description+denominator,#meta+preferred,"
        "#meta+preferred+reason,#meta+qualifiers,#meta+source,#meta+source+locator,#meta+source+quote,#meta+source+other,#description,"
        "#meta+source+title,#meta+source+url,#date+year,#date+start,#date+end,#adm1+code,#adm2+code,#meta+headline"
    )
    assert lines[2:] == small_csv_rows().splitlines()


def test_xlsx_download_has_the_csv_columns_and_the_hxl_row(api_client, small):
    response = api_client.get("/api/v1/casualties/", {"area": "XSM", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="casualties.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == CSV_HEADER.strip().split(",")
    assert rows[1][:3] == ["#meta+id", "#meta+version", "#country+code"]
    assert rows[2:] == list(csv.reader(io.StringIO(small_csv_rows())))


def test_computed_csv_and_xlsx_hold_nested_values_as_json(api_client, demo_data):
    params = {"treaty": "APMBC", "format": "csv"}
    rows = list(csv.DictReader(io.StringIO(api_client.get("/api/v1/treaty-status/POL/", params).content.decode())))
    actions = json.loads(rows[0]["actions"])  # JSON text, not Python's repr()
    assert {action["kind"] for action in actions} >= {"signature", "ratification"}
    assert rows[0]["area.iso3"] == "POL" and rows[0]["is_bound"] == "false" and json.loads(rows[0]["notes"]) == []
    xlsx = api_client.get("/api/v1/treaty-status/POL/", {**params, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert list(header) == list(rows[0]) and json.loads(first[header.index("actions")]) == actions


def test_csv_export_reimports_unchanged(api_client, demo_data):
    from kb.services.imports import rows_import

    content = b"".join(api_client.get("/api/v1/casualties/", {"format": "csv", "figures": "all"}).streaming_content)
    report = rows_import(resource="casualties", content=content, filename="api.csv")
    assert report.totals["new"] == report.totals["changed"] == 0


def test_geojson(api_client, small):
    response = api_client.get("/api/v1/casualties/", {"area": "XSM", "format": "geojson", "fields": "id,total"})
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert [(f["geometry"], f["properties"]["total"]) for f in body["features"]] == [
        ({"type": "Point", "coordinates": [20.0, 10.0]}, 3),
        ({"type": "Point", "coordinates": [20.0, 10.0]}, 12),
    ]


def test_fields_and_omit(api_client, small):
    rows = api_client.get("/api/v1/casualties/", {"area": "XSM", "fields": "period,total"}).json()["results"]
    assert rows == [{"period": "2021", "total": 3}, {"period": "2020", "total": 12}]
    row = api_client.get("/api/v1/casualties/", {"area": "XSM", "omit": "source,citations"}).json()["results"][0]
    assert "source" not in row and "total" in row
    assert api_client.get("/api/v1/casualties/", {"fields": "nope"}).status_code == 400


def test_cursor_pagination_walks_everything(api_client, demo_data):
    expected = api_client.get("/api/v1/casualties/", {"figures": "all", "limit": 1000}).json()["count"]
    seen, url, params = (
        [],
        "/api/v1/casualties/",
        {"pagination": "cursor", "limit": 5, "figures": "all", "fields": "id"},
    )
    while url:
        body = api_client.get(url, params).json()
        seen += [r["id"] for r in body["results"]]
        url, params = body["next"], None
    assert len(seen) == len(set(seen)) == expected
    assert seen == sorted(seen)


def test_cors_allows_reads_only(api_client):
    read = api_client.get("/api/v1/treaties/", headers={"Origin": "https://dashboard.example"})
    assert read["Access-Control-Allow-Origin"] == "*"
    preflight = api_client.options(
        "/api/v1/casualties/",
        headers={"Origin": "https://dashboard.example", "Access-Control-Request-Method": "POST"},
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")


# Change feed ---------------------------------------------------------------------------------------------------


def test_change_feed_lists_publications_retractions_and_deletions(api_client, staff_client):
    since = (timezone.now() - dt.timedelta(seconds=1)).isoformat()
    area = AreaFactory(code="XCF")
    kept = CasualtyRecordFactory(area=area, total=1)
    gone = CasualtyRecordFactory(area=area, total=2, device_type="improvised_mine")
    draft = CasualtyRecordFactory(area=area, total=3, device_type="other_erw", status="draft")
    CasualtyRecord.objects.filter(pk=kept.pk).update(status="retracted", retraction_reason="wrong")
    gone_pk = gone.pk
    gone.delete()
    body = api_client.get("/api/v1/changes/", {"since": since, "resource": "casualties"}).json()
    actions = [(c["id"], c["action"]) for c in body["results"] if c["id"] in (kept.pk, gone_pk, draft.pk)]
    assert actions == [(kept.pk, "published"), (gone_pk, "published"), (kept.pk, "retracted"), (gone_pk, "deleted")]
    staff = staff_client.get("/api/v1/changes/", {"since": since, "resource": "casualties"}).json()
    assert (draft.pk, "created") in [(c["id"], c["action"]) for c in staff["results"]]


def test_change_feed_cursor_continues_without_repeats(api_client, demo_data):
    first = api_client.get("/api/v1/changes/", {"limit": 10}).json()
    second = api_client.get("/api/v1/changes/", {"limit": 10, "cursor": first["next_cursor"]}).json()
    ids = [(c["resource"], c["cursor"]) for c in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 20
    assert api_client.get("/api/v1/changes/", {"since": "soon"}).status_code == 400


def test_programmes_can_be_submitted_and_corrected(partner_client):
    created = partner_client.post(
        "/api/v1/programmes/",
        {
            "slug": "test-clearance",
            "name": "Test clearance",
            "country_code": "UKR",
            "kind": "clearance",
            "source": "lm2023-impact",
            "length_km": "12.5",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "draft"
    fixed = partner_client.patch(
        "/api/v1/programmes/test-clearance/", {"length_km": 13}, format="json", headers={"If-Match": created["ETag"]}
    )
    assert fixed.status_code == 200 and fixed.json()["length_km"] == 13.0


def test_geojson_bytes(api_client, small):
    response = api_client.get("/api/v1/casualties/", {"area": "XSM", "format": "geojson", "fields": "period,total"})
    assert response.content == (
        b'{"type":"FeatureCollection","features":['
        b'{"type":"Feature","id":' + str(response.json()["features"][0]["id"]).encode() + b","
        b'"geometry":{"type":"Point","coordinates":[20.0,10.0]},"properties":{"period":"2021","total":3}},'
        b'{"type":"Feature","id":' + str(response.json()["features"][1]["id"]).encode() + b","
        b'"geometry":{"type":"Point","coordinates":[20.0,10.0]},"properties":{"period":"2020","total":12}}],'
        b'"links":{"next":null,"previous":null}}'
    )


def test_a_draft_staff_submitted_and_returned_is_still_the_partners(partner_client, editor, reviewer):
    """Submitting records the staff member as submitter; the partner must still see and correct its returned draft."""
    from kb.services.review import record_return, record_submit

    created = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    url = f"/api/v1/casualties/{created.json()['id']}/"
    record = CasualtyRecord.objects.get(pk=created.json()["id"])
    record_return(record=record_submit(record=record, by=editor), by=reviewer, reason="Check the total.")
    returned = partner_client.get(url)
    assert returned.status_code == 200 and returned.json()["status"] == "draft"
    assert any(
        row["id"] == record.pk for row in partner_client.get("/api/v1/casualties/", {"area": "XKX"}).json()["results"]
    )
    fixed = partner_client.patch(url, {"total": 8}, format="json", headers={"If-Match": returned["ETag"]})
    assert fixed.status_code == 200 and fixed.json()["total"] == 8


def test_a_partners_preferred_draft_leaves_retracted_and_in_review_figures_alone(partner_client):
    """`preferred: true` on a partner's draft took the preference from a retracted figure (and from one in review,
    whose version then moved under its reviewer): records only reviewers may change."""
    from kb.models import Area

    for year, status in ((2024, "retracted"), (2023, "in_review")):
        held = CasualtyRecordFactory(
            area=Area.objects.get(code="XKX"),
            period_start=dt.date(year, 1, 1),
            status=status,
            retraction_reason="wrong" if status == "retracted" else "",
        )
        version = held.version
        response = partner_client.post(
            "/api/v1/casualties/", {**FIGURE, "period": str(held.year), "preferred": True}, format="json"
        )
        assert response.status_code == 400, status
        assert "only a reviewer changes that" in response.json()["preferred"][0]
        held.refresh_from_db()
        assert held.is_preferred and held.version == version


def test_a_create_naming_a_hidden_record_gives_no_id_and_one_written_twice_says_so(partner_client, make_token):
    """Another partner's draft was named by id (a 404 to PATCH), and two items of one bulk naming one record were
    told it "already exists (id N)", an id the rolled-back request never kept."""
    from kb.models import Organisation

    _, other = make_token(organisation=Organisation.objects.get(name="Human Rights Watch"))
    theirs = other.post("/api/v1/casualties/", FIGURE, format="json").json()["id"]
    response = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    assert response.json() == {"non_field_errors": [MSG_EXISTS_HIDDEN]} and str(theirs) not in response.content.decode()
    twice = [{**FIGURE, "period": "2016"}, {**FIGURE, "period": "2016-01-01/2016-12-31"}]
    bulk = partner_client.post("/api/v1/casualties/bulk/", twice, format="json")
    assert bulk.json()["items"][1] == {"non_field_errors": [MSG_SAME_ITEM.format(first=1)]}


def test_if_match_takes_a_list_and_404_403_come_before_428(partner_client):
    """A valid RFC list naming the current ETag was a 400, and a request without If-Match got 428 even for an id that
    is no record (404) or a record it may not change (403)."""
    created = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    url, etag = f"/api/v1/casualties/{created.json()['id']}/", created["ETag"]
    stale = f'"{created.json()["id"]}-999"'
    listed = partner_client.patch(url, {"total": 8}, format="json", headers={"If-Match": f"{stale}, {etag}"})
    assert listed.status_code == 200 and listed.json()["total"] == 8
    assert partner_client.patch("/api/v1/casualties/999999999/", {"total": 1}, format="json").status_code == 404
    published = CasualtyRecord.objects.get(area__code="WLD", year=2018, device_type=None, civilian_status=None)
    assert partner_client.patch(f"/api/v1/casualties/{published.pk}/", {"total": 1}, format="json").status_code == 403

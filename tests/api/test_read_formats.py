"""The read API's conditional requests (ETag, Last-Modified, 304) and formats: CSV as published, with a BOM, HXL,
XLSX, GeoJSON, field selection, cursor pagination and CORS for reads."""

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.utils import timezone

from kb.models import CasualtyRecord
from kb.services.figures import figure_make_preferred
from kb.services.review import record_submit
from tests.factories import AreaFactory, CasualtyRecordFactory, SourceFactory

pytestmark = pytest.mark.django_db


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


def test_last_modified_moves_when_the_preference_or_the_review_status_changes(api_client, staff_client, editor):
    area = AreaFactory(code="XLM")
    held = CasualtyRecordFactory(area=area, total=1)  # published, the cell's preferred figure
    other = CasualtyRecordFactory(area=area, total=2, source=SourceFactory(), is_preferred=False)
    draft = CasualtyRecordFactory(area=area, total=3, device_type="improvised_mine", status="draft")
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    CasualtyRecord.objects.filter(pk__in=[held.pk, draft.pk]).update(updated_at=an_hour_ago)
    public, staff = (
        api_client.get(f"/api/v1/casualties/{held.pk}/")["Last-Modified"],
        staff_client.get(f"/api/v1/casualties/{draft.pk}/")["Last-Modified"],
    )
    figure_make_preferred(record=other, reason="The newer edition")  # takes the preference from `held`
    record_submit(record=draft, by=editor)
    again = api_client.get(f"/api/v1/casualties/{held.pk}/", headers={"If-Modified-Since": public})
    assert (again.status_code, again.json()["is_preferred"]) == (200, False)
    assert staff_client.get(f"/api/v1/casualties/{draft.pk}/", headers={"If-Modified-Since": staff}).status_code == 200

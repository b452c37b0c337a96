"""Imports that explain themselves: every problem in one pass, values of new rows, a report of the rejected rows
to send back, per-row diffs on the command line, areas in other units, and complementary figures as one record."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from kb.models import CasualtyRecord, ContaminationRecord, ImportBatch, LandReleaseRecord
from kb.services.imports import ImportRejected, rows_import

pytestmark = pytest.mark.django_db

# Windows-1252, separated by semicolons, an unknown column, an empty required cell, a cell that is not a number and
# a country that does not exist: five kinds of mistakes (six problems), all in one file.
FIVE_MISTAKES = (
    "country_code;period;total;killed;colour;source;notes\n"
    "XKX;2021;100;40;red;lm2022-impact;Pristina région\n"
    "XKX;;90;;;lm2021-impact;\n"
    "XKX;2020;many;;;lm2022-impact;\n"
    "XXX;2020;12;;;lm2022-impact;\n"
).encode("cp1252")

EXPECTED_FIVE = [
    (None, "", "The file is not UTF-8 text (invalid byte at position 97); save it as 'CSV UTF-8'."),
    (1, "", "Columns look separated by ';'; use commas (or upload the spreadsheet as .xlsx)."),
    (1, "colour", "Unknown column 'colour'; expected: "),
    (3, "period", "A value is required."),
    (4, "total", "'many' is not a whole number."),
    (5, "country_code", "Unknown country code 'XXX'."),
]


def issues_of(content: bytes, filename: str = "partner.csv", resource: str = "casualties") -> list[tuple]:
    with pytest.raises(ImportRejected) as caught:
        rows_import(resource=resource, content=content, filename=filename)
    return [(i.row, i.column, i.message) for i in caught.value.issues]


def test_a_file_with_five_kinds_of_mistakes_reports_all_of_them_at_once():
    issues = issues_of(FIVE_MISTAKES)
    assert len(issues) == len(EXPECTED_FIVE)
    for (row, column, message), (want_row, want_column, want_message) in zip(issues, EXPECTED_FIVE, strict=True):
        assert (row, column) == (want_row, want_column)
        assert message.startswith(want_message)
    assert not CasualtyRecord.objects.filter(source__slug="lm2022-impact", area__code="XKX").exists()


def test_a_required_column_missing_is_said_once_not_on_every_row():
    issues = issues_of(b"country_code,total,source\nXKX,1,lm2022-impact\nXKX,x,lm2021-impact\n")
    assert issues == [(1, "period", "Required column 'period' is missing."), (3, "total", "'x' is not a whole number.")]


def test_the_command_writes_the_rejected_rows_in_the_providers_format(tmp_path):
    upload = tmp_path / "partner.csv"
    upload.write_bytes(FIVE_MISTAKES)
    report = tmp_path / "errors.csv"
    with pytest.raises(CommandError) as caught:
        call_command("kb_import", "casualties", str(upload), "--errors", str(report))
    assert "row 5, column 'country_code', value 'XXX': Unknown country code 'XXX'." in str(caught.value)
    text = report.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["country_code", "period", "total", "killed", "colour", "source", "notes", "message"]
    file_level = rows[1][-1]
    assert (
        "not UTF-8" in file_level and "separated by ';'" in file_level and "row 1, colour: Unknown column" in file_level
    )
    assert rows[2] == ["XKX", "", "90", "", "", "lm2021-impact", "", "period: A value is required."]
    assert rows[3][:3] == ["XKX", "2020", "many"] and rows[3][-1] == "total: 'many' is not a whole number."
    assert rows[4][0] == "XXX" and rows[4][-1] == "country_code: Unknown country code 'XXX'."
    assert len(rows) == 5  # the good row is not sent back


def test_the_admin_offers_the_rejected_rows_as_a_download(admin_client):
    upload = SimpleUploadedFile("partner.csv", FIVE_MISTAKES)
    response = admin_client.post(reverse("admin:kb_casualtyrecord_import"), {"file": upload})
    batch = ImportBatch.objects.latest("created_at")
    page = admin_client.get(response["Location"])
    link = reverse("admin:kb_importbatch_errors", args=[batch.pk])
    assert page.status_code == 200 and f'href="{link}"' in page.content.decode()
    download = admin_client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="partner-errors.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[2:]] == ["XKX", "XKX", "XXX"]
    assert rows[4][-1] == "country_code: Unknown country code 'XXX'."


def test_an_xlsx_upload_gets_an_xlsx_error_report(admin_client):
    book = openpyxl.Workbook()
    book.active.append(["country_code", "period", "total", "source"])
    book.active.append(["XKX", "2021", 5, "lm2022-impact"])
    book.active.append(["XKX", "2020", "five", "lm2022-impact"])
    buffer = io.BytesIO()
    book.save(buffer)
    admin_client.post(
        reverse("admin:kb_casualtyrecord_import"), {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue())}
    )
    batch = ImportBatch.objects.latest("created_at")
    download = admin_client.get(reverse("admin:kb_importbatch_errors", args=[batch.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="p-errors.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["country_code", "period", "total", "source", "message"],
        ["XKX", "2020", "five", "lm2022-impact", "total: 'five' is not a whole number."],
    ]


def test_the_error_report_needs_staff(client):
    batch = ImportBatch.objects.create(resource="casualties", filename="a.csv", content=b"x", report=[])
    response = client.get(reverse("admin:kb_importbatch_errors", args=[batch.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_preview_shows_the_values_of_new_rows(admin_client):
    text = "country_code,period,total,killed,source\nXKX,2021,100,40,lm2022-impact\n"
    upload = SimpleUploadedFile("new.csv", text.encode())
    response = admin_client.post(reverse("admin:kb_casualtyrecord_import"), {"file": upload})
    page = admin_client.get(response["Location"])
    [row] = page.context["rows"]
    assert row["outcome"] == "new"
    assert row["values"]["total"] == "100" and row["values"]["killed"] == "40"
    assert '<div class="new-value"><code>killed</code>: 40</div>' in page.content.decode()


def test_the_command_line_dry_run_lists_each_row(capsys, tmp_path):
    header = "country_code,period,total,source\n"
    rows_import(resource="casualties", content=(header + "XKX,2021,100,lm2022-impact\n").encode(), filename="a.csv")
    upload = tmp_path / "b.csv"
    upload.write_text(header + "XKX,2021,110,lm2022-impact\nXKX,2020,7,lm2022-impact\n")
    call_command("kb_import", "casualties", str(upload), "--dry-run", "--diff")
    out = capsys.readouterr().out
    assert "row 2: changed" in out and "    total: '100' -> '110'" in out
    assert "row 3: new" in out and "    total: '7'" in out
    assert "1 new, 1 changed, 0 unchanged" in out
    assert CasualtyRecord.objects.get(area__code="XKX", period_start__year=2021).total == 100


LAND = "country_code,period,operator,cleared_m2,cleared_ha,released_km2,source\n"


def test_areas_in_hectares_and_km2_are_stored_exactly_in_m2():
    report = rows_import(
        resource="land-release",
        content=(LAND + "XKX,2021,,,0.35,1.2345,lm2022-impact\n").encode(),
        filename="a.csv",
        dry_run=True,
    )
    [row] = report.rows
    assert row.values["cleared_m2"] == "3500" and row.values["released_m2"] == "1234500"
    rows_import(
        resource="land-release", content=(LAND + "XKX,2021,,,0.35,1.2345,lm2022-impact\n").encode(), filename="a.csv"
    )
    record = LandReleaseRecord.objects.get(area__code="XKX")
    assert (record.cleared_m2, record.released_m2) == (3500, 1_234_500)


def test_area_units_are_checked():
    rows = "XKX,2021,,12,0.35,,lm2022-impact\nXKX,2020,,,,0.0000001,lm2022-impact\nXKX,2019,,,ten,,lm2022-impact\n"
    assert issues_of((LAND + rows).encode(), resource="land-release") == [
        (2, "cleared_ha", "The area is given twice, in cleared_m2, cleared_ha; fill one of them."),
        (3, "released_km2", "'0.0000001' km² is 0.1 m², not a whole number of square metres."),
        (4, "cleared_ha", "'ten' is not a number of hectares."),
    ]


@pytest.mark.parametrize("amount", ["1e5000", "1e999999", "922337203685477580800"])
def test_an_area_too_large_to_store_is_a_row_error_not_a_crash(amount):
    rows = f"XKX,2021,,,{amount},,lm2022-impact\n"
    assert issues_of((LAND + rows).encode(), resource="land-release") == [
        (2, "cleared_ha", f"{amount!r} hectares is more than the largest area stored (9,223,372,036,854,775,807 m²).")
    ]


def test_an_area_just_beyond_the_column_is_the_models_error():
    rows = "XKX,2021,,,922337203685477.5808,,lm2022-impact\n"  # one m² more than the column holds
    [(row, column, message)] = issues_of((LAND + rows).encode(), resource="land-release")
    assert (row, column) == (2, "cleared_m2") and "9223372036854775807" in message  # the column it is stored in


def test_a_contaminated_total_not_split_is_imported_and_served(api_client):
    header = "country_code,period,total_km2,source\n"
    rows_import(
        resource="contamination",
        content=(header + "XKX,2021,2.5,lm2022-impact\n").encode(),
        filename="c.csv",
        initial_status="published",
    )
    record = ContaminationRecord.objects.get(area__code="XKX")
    assert (record.total_m2, record.confirmed_m2, record.suspected_m2) == (2_500_000, None, None)
    response = api_client.get("/api/v1/contamination/", {"area": "XKX"})
    assert response.status_code == 200
    [item] = [r for r in response.json()["results"] if r["id"] == record.pk]
    assert item["total_m2"] == 2_500_000 and item["confirmed_m2"] is None


CASUALTIES = "country_code,period,age_group,total,share_percent,share_basis,source,source_locator\n"


def test_a_count_and_a_share_of_one_cell_from_one_source_are_one_record():
    rows = (
        "XKX,2021,child,1498,,,lm2022-impact,p. 12\n"
        "XKX,2021,child,,37,casualties whose age was known,lm2022-impact,p. 12\n"
    )
    report = rows_import(resource="casualties", content=(CASUALTIES + rows).encode(), filename="a.csv")
    assert report.totals == {"new": 1, "changed": 0, "unchanged": 0}
    [record] = CasualtyRecord.objects.filter(area__code="XKX", age_group="child")
    assert (record.total, record.share_percent, record.share_basis) == (
        1498,
        Decimal("37"),
        "casualties whose age was known",
    )


def test_rows_of_one_record_that_contradict_each_other_are_reported():
    rows = "XKX,2021,child,1498,,,lm2022-impact,p. 12\nXKX,2021,child,1500,37,,lm2022-impact,p. 12\n"
    assert issues_of((CASUALTIES + rows).encode()) == [
        (3, "total", "Same record as row 2, but 'total' differs ('1498' there); one of them is wrong.")
    ]
    assert not CasualtyRecord.objects.filter(area__code="XKX", age_group="child").exists()


def test_a_citation_locator_too_long_is_a_cell_error_naming_the_column():
    header = "country_code,period,total,source,citations\n"
    long = "p" * 301
    [(row, column, message)] = issues_of(f"{header}XKX,2021,5,lm2022-impact,lm2021-impact: {long}\n".encode())
    assert (row, column) == (2, "citations")
    assert message == "The locator of 'lm2021-impact' in citations has 301 characters; at most 300."


def test_a_citation_locator_too_long_in_an_api_request_is_a_400_on_citations(partner_client):
    citations = [{"source": "lm2021-impact", "locator": "p" * 301}]
    body = {"country_code": "XKX", "period": "2021", "total": 5, "source": "lm2022-impact", "citations": citations}
    response = partner_client.post("/api/v1/casualties/", body, format="json")
    assert response.status_code == 400
    assert "at most 300" in response.json()["citations"][0]

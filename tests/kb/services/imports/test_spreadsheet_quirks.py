"""What spreadsheets do to files: a sheet that declares a smaller size than it has, and control characters, which
no workbook can hold."""

import io
import re
import zipfile

import openpyxl
import pytest

from kb.models import CasualtyRecord
from kb.models.base import MSG_QUALIFIER_NO_FIGURES
from kb.services.imports import ImportRejected, rows_import
from kb.services.imports.error_report import error_report_build
from kb.services.imports.reader import MSG_DELIMITER, MSG_FORMULA_NO_RESULT
from kb.services.imports.widgets import MSG_CONTROL_CHARACTER
from tests.factories import CasualtyRecordFactory
from tests.factories.reference import AreaFactory

pytestmark = pytest.mark.django_db

HEADER = ["country_code", "period", "total", "source", "source_locator", "notes"]
ROWS = [["XSQ", str(year), 3, "lm2022-impact", "p. 1", "kept"] for year in (2019, 2020, 2021)]


def workbook(rows, *, declared: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if declared is None:
        return buffer.getvalue()
    # Rewrite the sheet's <dimension>, as some programs write it wrong.
    source, target = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{declared}"'.encode(), data)
            out.writestr(item, data)
    return target.getvalue()


def test_a_sheet_declaring_fewer_rows_and_columns_than_it_has_is_read_whole():
    AreaFactory(code="XSQ")
    report = rows_import(resource="casualties", content=workbook(ROWS, declared="A1:E2"), filename="f.xlsx")
    assert report.totals["new"] == 3
    assert set(CasualtyRecord.objects.filter(area__code="XSQ").values_list("notes", flat=True)) == {"kept"}


@pytest.mark.parametrize("bulk", [False, True])
def test_a_control_character_is_refused_naming_the_cell(bulk):
    AreaFactory(code="XSQ")
    content = b"country_code,period,total,source,notes\nXSQ,2019,3,lm2022-impact,a\x0bb\n"
    with pytest.raises(ImportRejected) as rejected:
        rows_import(resource="casualties", content=content, filename="f.csv", bulk=bulk)
    [issue] = rejected.value.issues
    assert (issue.row, issue.column, issue.message) == (2, "notes", MSG_CONTROL_CHARACTER.format(code="U+000B"))


def test_a_stored_control_character_downloads_as_a_replacement_not_a_500(api_client):
    CasualtyRecordFactory(area=AreaFactory(code="XSQ"), notes="stored\x0bbefore")
    response = api_client.get("/api/v1/casualties/", {"area": "XSQ", "format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "stored\ufffdbefore" in [cell.value for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("hxl", [False, True])
def test_a_corrected_error_report_imports_as_it_is(hxl):
    """The report of a refused file is the file's rows with a `message` column: corrected, it goes back as it is."""
    AreaFactory(code="XSQ")
    tags = "#country+code,#date,#affected+total,#meta+source\n" if hxl else ""
    refused = f"country_code,period,total,source\n{tags}XSQ,2019,three,lm2022-impact\n".encode()
    with pytest.raises(ImportRejected) as rejected:
        rows_import(resource="casualties", content=refused, filename="f.csv")
    report, _ = error_report_build(content=refused, filename="f.csv", issues=rejected.value.issues)
    assert b"message" in report.splitlines()[0]
    corrected = report.replace(b",three,", b",3,")
    assert rows_import(resource="casualties", content=corrected, filename="f-errors.csv").totals["new"] == 1


def test_a_formula_without_its_result_is_refused_naming_the_cell():
    """openpyxl, like other libraries, writes formulas without calculating them: read as values, the cell was
    empty and the row imported without its figure."""
    AreaFactory(code="XSQ")
    content = workbook([["XSQ", "2019", "=1+2", "lm2022-impact", "p. 1", ""]])
    with pytest.raises(ImportRejected) as rejected:
        rows_import(resource="casualties", content=content, filename="f.xlsx")
    [issue] = rejected.value.issues
    assert (issue.row, issue.column) == (2, "total")
    assert issue.message == MSG_FORMULA_NO_RESULT.format(formula="=1+2")


def test_semicolons_are_recognised_after_a_blank_first_line():
    with pytest.raises(ImportRejected) as rejected:
        rows_import(resource="casualties", content=b"\ncountry_code;period;total;source\n", filename="f.csv")
    assert rejected.value.issues[0].message == MSG_DELIMITER.format(found=";")


@pytest.mark.parametrize("bulk", [False, True])
def test_a_qualifier_on_a_record_without_figures_says_so(bulk):
    AreaFactory(code="XSQ")
    content = (
        b"country_code,period,actor_kind,actor_name,confidence,qualifiers,source\n"
        b"XSQ,2019,non_state,A group,alleged,total:at_least,lm2022-impact\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        rows_import(resource="use-reports", content=content, filename="f.csv", bulk=bulk)
    assert [(i.row, i.column, i.message) for i in rejected.value.issues] == [
        (2, "qualifiers", str(MSG_QUALIFIER_NO_FIGURES))
    ]

"""Importing treaty actions: all or nothing, reports naming row and column, HXL rows, dry run, round trip."""

import hashlib

import pytest
from django.db import connection

from kb.choices import ReviewStatusChoices
from kb.models import TreatyAction
from kb.services.exports import rows_export
from kb.services.imports import ImportRejected, rows_import

pytestmark = pytest.mark.django_db

HEADER = "treaty,country_code,action,date,source,source_locator,source_quote,citations,notes\n"
HXL = (
    "#meta+treaty+code,#country+code,#event+type,#date,"
    "#meta+source,#meta+source+locator,#meta+source+quote,#meta+source+other,#description\n"
)
ACTION_CHOICES = (
    "signature, ratification, acceptance, approval, consent_to_be_bound, accession, succession, entry_into_force, "
    "withdrawal_notified, withdrawal_effective, suspension_declared"
)
GOOD_ROWS = (
    "CCM,POL,signature,2008-12-03,monitor-poland-2017,p. 3,,,\n"
    "CCM,UKR,signature,2009-01-15,https://www.miragenews.com/urgent-call-strengthen-landmine-ban-1580664,,,,by URL\n"
)


def table_checksum() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, treaty_id, area_id, kind, date, source_id, status FROM kb_treatyaction ORDER BY id")
        return hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()


def run(text: str, **kwargs):
    return rows_import(resource="treaty-actions", content=text.encode(), filename="actions.csv", **kwargs)


def rejected(text: str) -> list[tuple]:
    before = table_checksum()
    with pytest.raises(ImportRejected) as caught:
        run(text)
    assert table_checksum() == before, "a rejected file must leave the table unchanged"
    return [(i.row, i.column, i.message) for i in caught.value.issues]


def test_good_file_imports_as_drafts_with_source_by_slug_or_url():
    report = run(HEADER + GOOD_ROWS)
    assert report.totals == {"new": 2, "changed": 0, "unchanged": 0}
    created = TreatyAction.objects.filter(treaty__code="CCM").order_by("date")
    assert [(a.area.code, a.status, a.source.slug) for a in created] == [
        ("POL", ReviewStatusChoices.DRAFT, "monitor-poland-2017"),
        ("UKR", ReviewStatusChoices.DRAFT, "hrw-lm2025-miragenews"),
    ]


def test_hxl_row_is_accepted_and_rows_are_numbered_in_the_file():
    text = (
        HEADER
        + HXL
        + "CCM,POL,signature,2008-12-03,monitor-poland-2017,,,,\nCCM,QQQ,signature,2009-01-01,monitor-poland-2017,,,,\n"
    )
    assert rejected(text) == [(4, "country_code", "Unknown country code 'QQQ'.")]


def test_dry_run_reports_and_writes_nothing():
    before = table_checksum()
    report = run(HEADER + GOOD_ROWS, dry_run=True)
    assert report.dry_run and report.totals["new"] == 2
    assert table_checksum() == before


def test_reimport_is_unchanged_and_a_change_shows_the_field_diff():
    run(HEADER + GOOD_ROWS)
    assert run(HEADER + GOOD_ROWS).totals == {"new": 0, "changed": 0, "unchanged": 2}
    changed = run(HEADER + GOOD_ROWS.replace("p. 3", "p. 4"), dry_run=True)
    [row] = [r for r in changed.rows if r.outcome == "changed"]
    assert row.row == 2
    assert row.diff == {"source_locator": ("p. 3", "p. 4")}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "CCM,POL,signature,03/12/2008,monitor-poland-2017,,,,\n",
            [(2, "date", "Unparseable date '03/12/2008': use YYYY-MM-DD.")],
        ),
        (
            "CCM,POL,signed,2008-12-03,monitor-poland-2017,,,,\n",
            [
                (
                    2,
                    "action",
                    "'signed' is not a valid treaty action; use one of: " + ACTION_CHOICES + ".",
                )
            ],
        ),
        ("XYZ,POL,signature,2008-12-03,monitor-poland-2017,,,,\n", [(2, "treaty", "Unknown treaty 'XYZ'.")]),
        ("CCM,POL,ratification,2010-12-03,no-such-source,,,,\n", [(2, "source", "Unknown source 'no-such-source'.")]),
        ("CCM,POL,signature,,monitor-poland-2017,,,,\n", [(2, "date", "A value is required.")]),
    ],
)
def test_bad_cells_are_reported_by_row_and_column(body, expected):
    assert rejected(HEADER + GOOD_ROWS + body) == [(row + 2, col, msg) for row, col, msg in expected]


def test_one_bad_row_rejects_the_whole_file():
    text = HEADER + GOOD_ROWS + "CCM,QQQ,signature,2009-01-01,monitor-poland-2017,,,,\n"
    rejected(text)
    assert not TreatyAction.objects.filter(treaty__code="CCM").exists()


def test_duplicate_rows_are_rejected():
    text = HEADER + GOOD_ROWS + GOOD_ROWS.splitlines()[0] + "\n"
    [(row, column, message)] = rejected(text)
    assert (row, column) == (4, "treaty, country_code, action, date")
    assert message == "Duplicate of row 2: same treaty, country_code, action, date."


def test_missing_and_unknown_columns():
    issues = rejected("treaty,country,action,date,source\nCCM,POL,signature,2008-12-03,monitor-poland-2017\n")
    assert (1, "country_code", "Required column 'country_code' is missing.") in issues
    assert any(col == "country" and msg.startswith("Unknown column 'country'") for _, col, msg in issues)


def test_wrong_encoding_and_delimiter():
    latin1 = (HEADER + "CCM,POL,signature,2008-12-03,monitor-poland-2017,,,Zażółć,\n").encode("cp1250")
    with pytest.raises(ImportRejected) as caught:
        rows_import(resource="treaty-actions", content=latin1, filename="a.csv")
    assert "not UTF-8" in str(caught.value)
    semicolons = HEADER.replace(",", ";") + "CCM;POL;signature;2008-12-03;monitor-poland-2017;;;;\n"
    assert rejected(semicolons) == [
        (1, "", "Columns look separated by ';'; use commas (or upload the spreadsheet as .xlsx).")
    ]


def test_bom_is_accepted():
    report = rows_import(resource="treaty-actions", content=("\ufeff" + HEADER + GOOD_ROWS).encode(), filename="a.csv")
    assert report.totals["new"] == 2


def test_export_then_import_changes_nothing():
    for fmt in ("csv", "hxl"):
        exported = rows_export(resource="treaty-actions", fmt=fmt)
        report = rows_import(resource="treaty-actions", content=exported, filename="export.csv")
        assert report.totals["new"] == report.totals["changed"] == 0
        assert report.totals["unchanged"] == TreatyAction.objects.count()


def test_xlsx_round_trip():
    exported = rows_export(resource="treaty-actions", fmt="xlsx")
    report = rows_import(resource="treaty-actions", content=exported, filename="export.xlsx")
    assert report.totals["unchanged"] == TreatyAction.objects.count()


def test_hxl_export_has_tag_row():
    lines = rows_export(resource="treaty-actions", fmt="hxl").decode().splitlines()
    # the notes in Ukrainian and Russian follow (files without them still import: HEADER above)
    assert lines[0] == HEADER.strip() + ",notes_uk,notes_ru"
    assert lines[1] == HXL.strip() + ",#description+i_uk,#description+i_ru"
    assert lines[2].startswith("APMBC,EST,accession,2004-05-12,monitor-estonia-2023")


def test_database_constraint_violations_are_reported_not_raised():
    # Armed-conflict periods may not overlap for one state: the exclusion constraint speaks through the report.
    text = (
        "country_code,started_on,ended_on,description,source\n"
        "UKR,2023-01-01,2023-06-30,Overlapping period,icbl-ukraine-suspension-2025\n"
    )
    with pytest.raises(ImportRejected) as caught:
        rows_import(resource="armed-conflicts", content=text.encode(), filename="c.csv")
    [issue] = caught.value.issues
    assert issue.row == 2
    assert issue.message == "This state already has an armed-conflict period overlapping these dates."


def test_end_before_start_is_reported():
    text = (
        "country_code,started_on,ended_on,description,source\n"
        "POL,2023-01-01,2022-06-30,Bad,icbl-ukraine-suspension-2025\n"
    )
    with pytest.raises(ImportRejected) as caught:
        rows_import(resource="armed-conflicts", content=text.encode(), filename="c.csv")
    assert [(i.column, i.message) for i in caught.value.issues] == [
        ("ended_on", "A conflict cannot end before it starts.")
    ]

"""Statistics imports: competing figures, preference, qualifiers, citations, round trips, bad rows."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.models import CasualtyRecord, Citation
from kb.services.exports import rows_export
from kb.services.imports import RESOURCES, ImportRejected, rows_import
from kb.services.imports.reader import read_table
from kb.services.imports.service import table_import

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
HEADER = "country_code,period,total,killed,injured,fate_unknown,device_type,preferred,qualifiers,source,citations\n"


def run(text: str, **kwargs):
    return rows_import(resource="casualties", content=text.encode(), filename="casualties.csv", **kwargs)


def checksum() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM kb_casualtyrecord ORDER BY id")
        rows = cursor.fetchall()
        cursor.execute("SELECT count(*) FROM kb_citation")
        return hashlib.sha256(repr((rows, cursor.fetchall())).encode()).hexdigest()


def rejected(text: str) -> list[tuple]:
    before = checksum()
    with pytest.raises(ImportRejected) as caught:
        run(text)
    assert checksum() == before
    return [(i.row, i.column, i.message) for i in caught.value.issues]


def test_first_figure_of_a_cell_is_preferred_and_a_competitor_is_not():
    run(HEADER + "XKX,2021,100,40,60,,,,,lm2022-impact,\n")
    run(HEADER + "XKX,2021,120,,,,,,,lm2021-impact,\n")
    figures = {r.source.slug: r for r in CasualtyRecord.objects.filter(area__code="XKX")}
    assert figures["lm2022-impact"].is_preferred is True
    assert figures["lm2021-impact"].is_preferred is False
    assert figures["lm2022-impact"].status == "draft"


def test_preferred_true_demotes_the_other_figure_of_the_cell():
    run(HEADER + "XKX,2021,100,,,,,,,lm2022-impact,\n")
    report = run(HEADER + "XKX,2021,120,,,,,true,,lm2021-impact,\n")
    assert report.totals["new"] == 1
    preferred = CasualtyRecord.objects.get(area__code="XKX", is_preferred=True)
    assert preferred.source.slug == "lm2021-impact"


def test_same_cell_and_source_updates_with_a_field_diff():
    run(HEADER + "XKX,2021,100,,,,,,,lm2022-impact,\n")
    report = run(HEADER + "XKX,2021,110,,,,,,,lm2022-impact,\n")
    [row] = report.rows
    assert (row.outcome, row.diff) == ("changed", {"total": ("100", "110")})


def test_qualifiers_and_further_citations():
    run(HEADER + "XKX,2021,100,,,,,,total:at_least,lm2022-impact,national-lm2023: p. 3 | infoscum-lm2021\n")
    record = CasualtyRecord.objects.get(area__code="XKX")
    assert record.qualifiers == {"total": "at_least"}
    assert sorted((c.source.slug, c.locator) for c in record.citations.all()) == [
        ("infoscum-lm2021", ""),
        ("national-lm2023", "p. 3"),
    ]
    run(HEADER + "XKX,2021,100,,,,,,total:at_least,lm2022-impact,infoscum-lm2021\n")
    assert [c.source.slug for c in record.citations.all()] == ["infoscum-lm2021"]


def test_breakdowns_are_separate_cells():
    report = run(HEADER + "XKX,2021,100,,,,,,,lm2022-impact,\nXKX,2021,30,,,,improvised_mine,,,lm2022-impact,\n")
    assert report.totals["new"] == 2
    assert set(CasualtyRecord.objects.filter(area__code="XKX").values_list("device_type", flat=True)) == {
        None,
        "improvised_mine",
    }


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("XKX,2021,-1,,,,,,,lm2022-impact,", ("total", "Ensure this value is greater than or equal to 0.")),
        (
            "XKX,2021,10,8,3,,,,,lm2022-impact,",
            ("", "Killed, injured and fate unknown together cannot exceed the total."),
        ),
        (
            "XKX,21,10,,,,,,,lm2022-impact,",
            (
                "period",
                "Unreadable period '21': use a year (2018), a month (2025-12), "
                "an as-of date (2021-12-31) or a range (2019-01-01/2020-06-30).",
            ),
        ),
        ("XKX,2021-01-01/2020-01-01,10,,,,,,,lm2022-impact,", ("period", "The period ends before it starts.")),
        ("XKX,2021,ten,,,,,,,lm2022-impact,", ("total", "'ten' is not a whole number.")),
        ("XKX,2021,1 000,,,,,,,lm2022-impact,", ("total", "'1 000' is not a whole number.")),
        (
            "XKX,2021,10,,,,landmine,,,lm2022-impact,",
            (
                "device_type",
                "'landmine' is not a valid device type; use one of: "
                "anti_personnel_mine, anti_vehicle_mine, improvised_mine, "
                "cluster_submunition, other_erw, unknown.",
            ),
        ),
        (
            "XKX,2021,10,,,,,,total:roughly,lm2022-impact,",
            (
                "qualifiers",
                "Unknown qualifier 'roughly'; use one of: at_least, more_than, approximately, up_to, less_than.",
            ),
        ),
        ("XKX,2021,10,,,,,,,lm2022-impact,nobody", ("citations", "Unknown source 'nobody' in citations.")),
        ("XKX,2021,,,,,,,,lm2022-impact,", ("", "A casualty record needs at least one figure (a count or a share).")),
    ],
)
def test_bad_rows_are_reported_and_nothing_is_written(row, expected):
    issues = rejected(HEADER + "XKX,2020,5,,,,,,,lm2022-impact,\n" + row + "\n")
    assert [(r, c, m) for r, c, m in issues] == [(3, *expected)]


def test_two_preferred_rows_for_one_cell_in_a_file_are_refused_without_a_500():
    text = HEADER + "XKX,2021,100,,,,,true,,lm2022-impact,\nXKX,2021,120,,,,,true,,lm2021-impact,\n"
    report = run(text)  # the second demotes the first, as asked, in file order
    assert report.totals["new"] == 2
    assert CasualtyRecord.objects.get(area__code="XKX", is_preferred=True).source.slug == "lm2021-impact"


KEY = "country_code, pcode, period, civilian_status, sex, age_group, device_type, source"
SAME_RECORD = f"Same record as row 2, written another way ({KEY}); give each record one row."


@pytest.mark.parametrize(
    "second",
    [
        "XKX,2021-01-01/2021-12-31,120,,,,,,,lm2022-impact,",  # the year as its dates, another figure
        "XKX,2021-01-01/2021-12-31,100,,,,,,,lm2022-impact,",  # the same figure: still one record named twice
    ],
)
def test_one_record_written_two_ways_in_a_file_is_refused(second):
    issues = rejected(HEADER + "XKX,2021,100,,,,,,,lm2022-impact,\n" + second + "\n")
    assert issues == [(3, KEY, SAME_RECORD)]


def test_one_stored_record_written_two_ways_in_a_file_is_not_changed_twice():
    run(HEADER + "XKX,2021,100,,,,,,,lm2022-impact,\n")
    text = HEADER + "XKX,2021,110,,,,,,,lm2022-impact,\nXKX,2021-01-01/2021-12-31,120,,,,,,,lm2022-impact,\n"
    assert rejected(text) == [(3, KEY, SAME_RECORD)]
    assert CasualtyRecord.objects.get(area__code="XKX").total == 100


def test_rows_longer_than_the_header_and_blank_lines_keep_spreadsheet_numbers():
    issues = rejected(HEADER + "\nXKX,2020,5,,,,,,,lm2022-impact,,extra\n")
    assert issues == [(3, "", "The row has 12 cells but the header names 11 columns.")]


def test_header_only_file_imports_nothing():
    assert run(HEADER).totals == {"new": 0, "changed": 0, "unchanged": 0}


@pytest.mark.parametrize("resource", sorted(RESOURCES))
@pytest.mark.parametrize("fmt", ["csv", "hxl", "xlsx"])
def test_every_resource_round_trips_unchanged(resource, fmt):
    model = RESOURCES[resource]._meta.model
    exported = rows_export(resource=resource, fmt=fmt)
    report = rows_import(resource=resource, content=exported, filename=f"export.{'xlsx' if fmt == 'xlsx' else 'csv'}")
    assert report.totals == {"new": 0, "changed": 0, "unchanged": model.objects.count()}


def test_formula_like_text_round_trips(source):
    from kb.models import Source

    Source.objects.filter(pk=source.pk).update(notes='=HYPERLINK("http://evil")', title="-5 is not a title")
    exported = rows_export(resource="sources", fmt="csv").decode()
    assert "'=HYPERLINK" in exported and "'-5 is not a title" in exported
    report = rows_import(resource="sources", content=exported.encode(), filename="s.csv")
    assert report.totals["changed"] == 0
    assert Citation.objects.count() >= 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_already_quoted_against_formulas_round_trips(source, fmt):
    """A stored text that starts with the apostrophe the download puts before a formula (`'=x`) keeps it: the download
    adds one more, the import takes one off."""
    from kb.models import Source

    Source.objects.filter(pk=source.pk).update(notes="'=1+1 as typed", title="''-5 twice")
    exported = rows_export(resource="sources", fmt=fmt)
    report = rows_import(resource="sources", content=exported, filename=f"s.{fmt}")
    assert report.totals["changed"] == 0, [row.diff for row in report.rows if row.outcome == "changed"]


def test_previewing_stored_rows_reads_each_record_once_with_what_its_columns_name(demo_data):
    """A preview compares every stored record with its row: the records its columns name (area, source) and its
    further citations come with it, not a query a row and column."""
    lines = (FIXTURES / "demo" / "casualties.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[:2], lines[2:]

    def queries(count: int) -> int:
        table = read_table("\n".join([*header, *rows[:count]]).encode(), "casualties.csv")
        with CaptureQueriesContext(connection) as captured:
            report = table_import(resource="casualties", table=table, dry_run=True)
        assert {row.outcome for row in report.rows} == {"unchanged"}  # every row names a stored record
        return len(captured)

    per_row = (queries(16) - queries(8)) / 8
    # A savepoint's two statements, the record with its area, admin area and source, its citations, and the source
    # named where no earlier row named it.
    assert per_row <= 5, per_row


def test_the_bulk_path_names_a_record_written_two_ways_as_the_row_path_does():
    text = HEADER + "XKX,2021,100,,,,,,,lm2022-impact,\nXKX,2021-01-01/2021-12-31,120,,,,,,,lm2022-impact,\n"
    found = {}
    for bulk in (False, True):
        with pytest.raises(ImportRejected) as caught:
            run(text, bulk=bulk)
        found[bulk] = [(i.row, i.column, i.value, i.message) for i in caught.value.issues]
    value = "XKX /  / 2021-01-01/2021-12-31 /  /  /  /  / lm2022-impact"
    assert found[True] == found[False] == [(3, KEY, value, SAME_RECORD)]

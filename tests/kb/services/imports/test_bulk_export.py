"""The CSV export rendered by PostgreSQL (COPY) is byte for byte the row-by-row export."""

import pytest

from kb.models import CasualtyRecord, Citation, LandReleaseRecord, Source
from kb.services import citations_sql
from kb.services.exports import rows_export_copy_sql, rows_export_stream
from kb.services.imports import RESOURCES
from tests.factories.reference import AreaFactory

pytestmark = pytest.mark.django_db

TRICKY_TEXT = [
    "plain",
    "with, comma",
    'with "quotes"',
    "two\nlines",
    "=SUM(A1)",
    "'=SUM(A1)",
    "''-5",
    "'plain",
    "-5",
    "-5 people",
    "+1.5e3",
    "@home",
    "\t7",
    "-inf",
    "1_000",
    "-1_000",
    "- 5",
    "-.5",
    "Ущерб — 5",
    " spaced ",
    "",
]


def both(resource: str, queryset, fmt: str = "csv") -> tuple[str, str]:
    rows = "".join(rows_export_stream(resource=resource, queryset=queryset, fmt=fmt, sql=False))
    copied = "".join(rows_export_stream(resource=resource, queryset=queryset, fmt=fmt))
    return rows, copied


@pytest.mark.parametrize("fmt", ["csv", "hxl"])
@pytest.mark.parametrize(
    "resource", [name for name in RESOURCES if RESOURCES[name]._meta.model.__module__.startswith("kb.models")]
)
def test_sql_export_matches_the_row_export_on_demo_data(demo_data, resource, fmt):
    model = RESOURCES[resource]._meta.model
    queryset = model._default_manager.all().order_by("pk")
    rows, copied = both(resource, queryset, fmt)
    if rows_export_copy_sql(resource, queryset) is not None:
        assert rows.count("\n") > 1 or resource not in ("casualties", "land-release")
    assert copied == rows


@pytest.mark.parametrize("citations", ["joined", "subquery"])
def test_sql_export_renders_awkward_text_numbers_and_citations_as_the_row_export(demo_data, monkeypatch, citations):
    if citations == "subquery":  # where the join cannot be added, a subquery a row gives the same cells
        monkeypatch.setattr(citations_sql, "sql_with_join", lambda *args: None)
    area = AreaFactory(code="XKX", name="Kosovo (test)")
    source = Source.objects.get(slug="lm2022-impact")
    other = Source.objects.get(slug="lm2021-impact")
    for year, text in enumerate(TRICKY_TEXT, start=1990):
        record = CasualtyRecord.objects.create(
            area=area,
            period_kind="year",
            period_start=f"{year}-01-01",
            period_end=f"{year}-12-31",
            source=source,
            total=year - 1980,
            killed=1,
            share_percent="12.50" if year % 2 else "100.00",
            notes=text,
            source_quote=text,
            source_locator=text[:50],
            qualifiers={"total": "at_least", "killed": "approximately"} if year % 3 else {},
            status="published",
        )
        if year % 2:
            Citation.objects.create(record=record, source=other, locator=text[:50])
            Citation.objects.create(record=record, source=source, locator="")
    CasualtyRecord.objects.create(
        area=area, period_kind="month", period_start="0999-02-01", period_end="0999-02-28", source=source, killed=0
    )
    CasualtyRecord.objects.create(
        area=area, period_kind="range", period_start="2019-01-01", period_end="2020-06-30", source=source, injured=3
    )
    CasualtyRecord.objects.create(
        area=area, period_kind="as_of", period_start="2021-12-31", period_end="2021-12-31", source=source, total=0
    )
    queryset = CasualtyRecord.objects.filter(area=area).order_by("area__name", "-period_start", "id")
    rows, copied = both("casualties", queryset)
    assert rows.count("\n") > len(TRICKY_TEXT)
    assert copied == rows
    assert (citations_sql.ALIAS in rows_export_copy_sql("casualties", queryset)[0]) == (citations == "joined")


def test_sql_export_keeps_the_querysets_filters_and_order(demo_data):
    queryset = LandReleaseRecord.objects.filter(area__code="APMBC-SP").order_by("-year", "id")
    rows, copied = both("land-release", queryset)
    assert copied == rows and rows.count("\n") > 2

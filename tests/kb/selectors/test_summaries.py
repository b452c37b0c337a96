"""casualty_summary_list against hand-computed sums, unknowns included."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kb.models import CasualtyRecord
from kb.selectors.summaries import casualty_summary_list, qualifier_combine, summary_group_by_parse
from tests.factories import AreaFactory, CasualtyRecordFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    alpha, beta = AreaFactory(code="XAL", name="Alpha", kind="country"), AreaFactory(code="XBE", name="Beta")
    world = AreaFactory(code="XWO", kind="aggregate", name="Test world")
    year = {"period_start": dt.date(2021, 1, 1), "period_end": dt.date(2021, 12, 31)}
    CasualtyRecordFactory(area=alpha, total=100, killed=40, injured=55, fate_unknown=5, **year)
    CasualtyRecordFactory(area=beta, total=50, killed=None, injured=None, **year)  # parts not reported
    CasualtyRecordFactory(area=world, total=1000, **year)  # an aggregate: would double-count
    CasualtyRecordFactory(area=alpha, total=30, device_type="improvised_mine", **year)  # a breakdown row
    CasualtyRecordFactory(area=alpha, total=90, is_preferred=False, source=SourceFactory(), **year)  # competing
    return CasualtyRecord.objects.filter(area__code__in=["XAL", "XBE", "XWO"], is_preferred=True)


def test_sum_by_year_respects_unknowns(figures):
    [row] = casualty_summary_list(records=figures, group_by=["year"])
    assert row["group"] == {"year": 2021}
    assert row["records"] == 2  # Alpha and Beta headline figures only
    assert row["total"] == {"sum": 150, "records": 2, "qualifier": None}
    assert row["killed"] == {"sum": 40, "records": 1, "qualifier": None}  # a lower bound: Beta did not report deaths
    assert row["fate_unknown"] == {"sum": 5, "records": 1, "qualifier": None}


def test_measure_nobody_reported_is_null_not_zero(figures):
    rows = casualty_summary_list(records=figures.filter(area__code="XBE"), group_by=["area"])
    assert rows[0]["killed"] == {"sum": None, "records": 0, "qualifier": None}


def test_group_by_area_lists_sources(figures):
    rows = casualty_summary_list(records=figures, group_by=["area", "year"])
    assert [(r["group"]["area"]["iso3"], r["total"]["sum"]) for r in rows] == [("XAL", 100), ("XBE", 50)]
    assert len(rows[0]["sources"]) == 1


def test_breakdown_dimension_takes_the_breakdown_rows(figures):
    [row] = casualty_summary_list(records=figures, group_by=["device_type"])
    assert row["group"] == {"device_type": "improvised_mine"}
    assert row["total"]["sum"] == 30


def test_aggregates_only_on_request(figures):
    [row] = casualty_summary_list(records=figures.filter(area__code="XWO"), group_by=["year"], include_aggregates=True)
    assert row["total"]["sum"] == 1000


@pytest.mark.parametrize(("text", "expected"), [("area, year", ["area", "year"]), ("year,year", ["year"])])
def test_group_by_parsing(text, expected):
    assert summary_group_by_parse(text) == expected


@pytest.mark.parametrize("text", ["", "country", "year,colour"])
def test_group_by_errors_name_the_parameter(text):
    with pytest.raises(ValidationError) as caught:
        summary_group_by_parse(text)
    assert "group_by" in caught.value.message_dict


@pytest.mark.parametrize(
    ("parts", "combined"),
    [
        ([None, None], None),
        (["at_least", None], "at_least"),
        (["more_than", None], "more_than"),
        (["more_than", "at_least"], "at_least"),
        (["up_to", None, "less_than"], "up_to"),
        (["less_than"], "less_than"),
        (["at_least", "approximately"], "approximately"),
        (["at_least", "up_to"], "approximately"),
    ],
)
def test_a_sum_carries_the_weakest_qualifier_of_its_parts(parts, combined):
    assert qualifier_combine(parts) == combined


def test_at_least_12_plus_5_sums_to_at_least_17():
    alpha, beta = AreaFactory(code="XAL", name="Alpha"), AreaFactory(code="XBE", name="Beta")
    year = {"period_start": dt.date(2021, 1, 1), "period_end": dt.date(2021, 12, 31)}
    CasualtyRecordFactory(area=alpha, total=12, killed=3, qualifiers={"total": "at_least"}, **year)
    CasualtyRecordFactory(area=beta, total=5, killed=2, qualifiers={"killed": "approximately"}, **year)
    records = CasualtyRecord.objects.filter(area__code__in=["XAL", "XBE"])
    [row] = casualty_summary_list(records=records, group_by=["year"])
    assert row["total"] == {"sum": 17, "records": 2, "qualifier": "at_least"}
    assert row["killed"] == {"sum": 5, "records": 2, "qualifier": "approximately"}
    assert row["injured"] == {"sum": None, "records": 0, "qualifier": None}

"""A qualifier needs its figure, and an observation cannot be dated after today (every write path)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kb.choices import PeriodKindChoices, ProductionBasisChoices
from kb.models import CasualtyRecord
from kb.services.imports import ImportRejected, rows_import
from tests.factories import (
    AreaFactory,
    CasualtyRecordFactory,
    OrganisationFactory,
    ProductionRecordFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

HEADER = "country_code,period,total,killed,injured,qualifiers,source\n"
NEXT_YEAR = timezone.localdate().year + 1


def _import(rows: str, *, bulk: bool = False):
    return rows_import(resource="casualties", content=(HEADER + rows).encode(), filename="c.csv", bulk=bulk)


def _messages(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def test_a_qualifier_on_a_figure_not_reported_is_refused():
    record = CasualtyRecordFactory.build(area=AreaFactory(), source=SourceFactory(), total=None, killed=3)
    record.qualifiers = {"total": "at_least"}
    assert _messages(record)["qualifiers"] == [
        "A qualifier hedges a figure: total is not reported, so it cannot be qualified."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        CasualtyRecordFactory(total=None, killed=3, qualifiers={"total": "at_least"})
    CasualtyRecordFactory(total=12, qualifiers={"total": "at_least"})  # a hedged figure that was reported


@pytest.mark.parametrize("bulk", [False, True])
def test_imports_refuse_a_qualifier_without_its_figure(bulk):
    with pytest.raises(ImportRejected) as caught:
        _import("XKX,2019,,4,,total:at_least,lm2022-impact\n", bulk=bulk)
    [issue] = caught.value.issues
    assert (issue.row, issue.column) == (2, "qualifiers")
    assert "not reported" in issue.message
    assert not CasualtyRecord.objects.filter(area__code="XKX").exists()


@pytest.mark.parametrize("bulk", [False, True])
def test_imports_refuse_an_observation_after_today(bulk):
    with pytest.raises(ImportRejected) as caught:
        _import(f"XKX,2019,5,,,,lm2022-impact\nXKX,{NEXT_YEAR},5,,,,lm2022-impact\n", bulk=bulk)
    [issue] = caught.value.issues
    assert (issue.row, issue.column) == (3, "period")
    assert issue.message.startswith("An observed figure cannot end after today")
    assert not CasualtyRecord.objects.filter(area__code="XKX").exists()


def test_the_current_year_is_refused_until_it_ends_but_a_past_day_is_not():
    today = timezone.localdate()
    this_year = CasualtyRecordFactory.build(
        area=AreaFactory(), source=SourceFactory(), period_start=dt.date(today.year, 1, 1)
    )
    if today < dt.date(today.year, 12, 31):
        assert "period_end" in _messages(this_year)
    as_of_today = CasualtyRecordFactory.build(
        area=AreaFactory(code="XTD"),
        source=SourceFactory(),
        period_kind=PeriodKindChoices.AS_OF,
        period_start=today,
        period_end=today,
    )
    as_of_today.full_clean()


def test_plans_and_capacities_may_lie_in_the_future_actual_output_may_not():
    related = {"area": AreaFactory(), "source": SourceFactory(), "producer": OrganisationFactory()}
    future = {"period_start": dt.date(NEXT_YEAR, 1, 1), "period_end": dt.date(NEXT_YEAR, 12, 31), **related}
    for basis in (ProductionBasisChoices.PLANNED, ProductionBasisChoices.CAPACITY):
        planned = ProductionRecordFactory.build(basis=basis, **future)
        planned.full_clean()
        assert planned.is_observation is False
    actual = ProductionRecordFactory.build(basis=ProductionBasisChoices.ACTUAL, **future)
    assert actual.is_observation is True
    assert "period_end" in _messages(actual)

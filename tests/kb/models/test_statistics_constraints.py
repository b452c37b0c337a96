"""Statistics: the database refuses impossible figures, and full_clean explains why."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kb.choices import PeriodKindChoices
from kb.models import CasualtyRecord, FundingRecord, Programme, UseReport
from tests.factories import (
    AdminAreaFactory,
    AreaFactory,
    CasualtyRecordFactory,
    LandReleaseRecordFactory,
    ProductionRecordFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def messages(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def test_negative_counts_are_refused():
    refused(lambda: CasualtyRecordFactory(killed=-1))
    refused(lambda: LandReleaseRecordFactory(cleared_m2=-5))


def test_killed_injured_unknown_cannot_exceed_total():
    refused(lambda: CasualtyRecordFactory(total=10, killed=8, injured=3))
    refused(lambda: CasualtyRecordFactory(total=10, killed=5, injured=5, fate_unknown=1))
    CasualtyRecordFactory(total=10, killed=5, injured=5)
    CasualtyRecordFactory(total=None, killed=5, injured=500, area=AreaFactory())  # no total: nothing to compare
    record = CasualtyRecordFactory.build(area=AreaFactory(), source=SourceFactory(), total=3, killed=4)
    assert messages(record)["__all__"] == ["Killed, injured and fate unknown together cannot exceed the total."]


def test_totals_may_exceed_killed_plus_injured():
    CasualtyRecordFactory(total=6897, killed=3059, injured=3837)  # one casualty of unknown fate


def test_period_end_before_start_and_wrong_shape():
    refused(lambda: CasualtyRecordFactory(period_kind=PeriodKindChoices.RANGE, period_end=dt.date(2019, 1, 1)))
    refused(lambda: CasualtyRecordFactory(period_start=dt.date(2020, 3, 1)))  # a "year" must start on 1 January
    refused(
        lambda: CasualtyRecordFactory(
            period_kind=PeriodKindChoices.AS_OF, period_start=dt.date(2020, 3, 1), period_end=dt.date(2020, 3, 2)
        )
    )


def test_two_preferred_figures_for_one_cell_are_refused():
    area = AreaFactory()
    CasualtyRecordFactory(area=area, total=8605)
    refused(lambda: CasualtyRecordFactory(area=area, total=9437))
    CasualtyRecordFactory(area=area, total=9437, is_preferred=False)
    # A breakdown is another cell, and a null breakdown still counts as one value ("all").
    CasualtyRecordFactory(area=area, device_type="improvised_mine")
    refused(lambda: CasualtyRecordFactory(area=area, device_type="improvised_mine"))


def test_one_figure_per_source_and_cell():
    record = CasualtyRecordFactory()
    refused(lambda: CasualtyRecordFactory(area=record.area, source=record.source, is_preferred=False))


def test_choices_are_checked():
    refused(lambda: CasualtyRecordFactory(device_type="landmine"))
    refused(lambda: CasualtyRecordFactory(civilian_status="police"))
    refused(lambda: CasualtyRecordFactory(period_kind="decade"))


def test_a_record_needs_a_figure_and_shares_are_percentages():
    refused(lambda: CasualtyRecordFactory(total=None))
    refused(lambda: CasualtyRecordFactory(total=None, share_percent=Decimal("120")))
    CasualtyRecordFactory(total=None, share_percent=Decimal("85"), share_of=4341, civilian_status="civilian")


def test_qualifiers_must_be_an_object_of_known_fields_and_qualifiers():
    refused(lambda: CasualtyRecordFactory(qualifiers=["at_least"]))
    record = CasualtyRecordFactory.build(area=AreaFactory(), source=SourceFactory(), qualifiers={"total": "roughly"})
    assert "qualifiers" in messages(record)
    record.qualifiers = {"deaths": "at_least"}
    assert "qualifiers" in messages(record)
    record.qualifiers = {"total": "at_least"}
    record.full_clean()


def test_admin_area_must_be_in_the_area():
    record = CasualtyRecordFactory.build(area=AreaFactory(), source=SourceFactory(), admin_area=AdminAreaFactory())
    assert "admin_area" in messages(record)


def test_land_release_parts_cannot_exceed_released():
    refused(lambda: LandReleaseRecordFactory(released_m2=100, cleared_m2=60, reduced_m2=50))
    LandReleaseRecordFactory(released_m2=497340000, cleared_m2=219310000, reduced_m2=121110000, cancelled_m2=156920000)


def test_production_range_order():
    refused(lambda: ProductionRecordFactory(quantity=6000000, quantity_max=5000000))
    ProductionRecordFactory(quantity=5000000, quantity_max=6000000)


def test_use_report_names_its_actor():
    base = {"area": AreaFactory(), "source": SourceFactory(), "period_kind": "year"}
    dates = {"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31)}
    refused(lambda: UseReport.objects.create(**base, **dates, actor_kind="state", confidence="alleged"))
    refused(lambda: UseReport.objects.create(**base, **dates, actor_kind="non_state", confidence="alleged"))


def test_funding_currency_and_amounts():
    base = {"area": AreaFactory(), "source": SourceFactory(), "period_kind": "year"}
    dates = {"period_start": dt.date(2022, 1, 1), "period_end": dt.date(2022, 12, 31)}
    refused(lambda: FundingRecord.objects.create(**base, **dates, amount=1, currency="usd"))
    refused(lambda: FundingRecord.objects.create(**base, **dates, amount=-1, currency="USD"))


def test_programme_budget_needs_currency_and_dates_in_order():
    base = {"slug": "x", "name": "X", "area": AreaFactory(), "kind": "fortification", "source": SourceFactory()}
    refused(lambda: Programme.objects.create(**base, budget=10))
    refused(
        lambda: Programme.objects.create(**base, started_on=dt.date(2025, 1, 1), planned_end_on=dt.date(2024, 1, 1))
    )


def test_year_is_generated_from_the_period():
    record = CasualtyRecordFactory(period_start=dt.date(2016, 1, 1))
    assert CasualtyRecord.objects.get(pk=record.pk).year == 2016

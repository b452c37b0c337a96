"""Transfers, programme milestones and producer-less production plans: the database refuses what cannot be true,
whatever the channel, and keeps what a source states without a figure or a named producer."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from kb.models import ProductionRecord, ProgrammeMilestone, Transfer
from tests.factories import AreaFactory, SourceFactory
from tests.factories.programmes import ProgrammeFactory, ProgrammeMilestoneFactory
from tests.factories.statistics import TransferFactory

pytestmark = pytest.mark.django_db


def refused(constraint: str, create):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        create()


# Transfers


def test_a_transfer_with_unknown_quantity_is_kept_empty_with_history():
    transfer = TransferFactory(quantity=None, transfer_status="possible")
    transfer.transfer_status = "confirmed"
    transfer.save()
    transfer.refresh_from_db()
    assert transfer.quantity is None
    assert [e.pgh_label for e in transfer.events.order_by("pgh_id")] == ["insert", "update"]


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        ({"transfer_status": "rumoured"}, "kb_transfer_transfer_status_valid"),
        ({"device_type": "bomb"}, "kb_transfer_device_type_valid"),
        ({"quantity": None, "qualifiers": {"quantity": "at_least"}}, "kb_transfer_qualifiers_valid"),
    ],
)
def test_database_refuses_impossible_transfers(change, constraint):
    refused(constraint, lambda: TransferFactory(**change))


def test_a_state_does_not_transfer_to_itself():
    area = AreaFactory(code="XTA")
    refused("kb_transfer_between_two_states", lambda: TransferFactory(area=area, from_area=area))


def test_one_transfer_per_cell_and_source():
    first = TransferFactory(is_preferred=False)
    refused(
        "kb_transfer_one_per_source",
        lambda: TransferFactory(area=first.area, from_area=first.from_area, source=first.source, is_preferred=False),
    )


def test_a_denial_competes_with_the_allegation_of_the_same_transfer():
    alleged = TransferFactory(transfer_status="alleged")
    denied = TransferFactory(
        area=alleged.area, from_area=alleged.from_area, transfer_status="denied", is_preferred=False
    )
    assert Transfer.objects.filter(area=alleged.area).count() == 2
    assert (alleged.cell_fields, denied.is_preferred) == (alleged.cell_fields, False)


# Programme milestones


@pytest.mark.parametrize(
    ("date", "precision"),
    [(dt.date(2024, 11, 1), "day"), (dt.date(2024, 11, 1), "month"), (dt.date(2028, 1, 1), "year")],
)
def test_milestone_dates_of_each_precision_are_kept(date, precision):
    milestone = ProgrammeMilestoneFactory(date=date, date_precision=precision)
    assert milestone.date_label == {"day": "2024-11-01", "month": "2024-11", "year": "2028"}[precision]


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        ({"date": dt.date(2028, 12, 31), "date_precision": "year"}, "kb_programmemilestone_date_shape"),
        ({"date": dt.date(2024, 11, 15), "date_precision": "month"}, "kb_programmemilestone_date_shape"),
        ({"date_precision": "week"}, "kb_programmemilestone_date_precision_valid"),
        ({"kind": "groundbreaking"}, "kb_programmemilestone_kind_valid"),
    ],
)
def test_database_refuses_impossible_milestones(change, constraint):
    refused(constraint, lambda: ProgrammeMilestoneFactory(**change))


def test_one_milestone_per_programme_kind_and_date():
    first = ProgrammeMilestoneFactory()
    refused("kb_programmemilestone_one_per_day", lambda: ProgrammeMilestoneFactory(programme=first.programme))


def test_model_validation_names_the_date_rule():
    milestone = ProgrammeMilestone(
        programme=ProgrammeFactory(),
        kind="planned_completion",
        date=dt.date(2028, 12, 31),
        date_precision="year",
        title="Completion planned",
        source=SourceFactory(),
    )
    with pytest.raises(ValidationError, match="a year as 1 January"):
        milestone.full_clean()


def test_a_programme_change_raises_its_milestones_version():
    milestone = ProgrammeMilestoneFactory()
    # As if stored in an earlier transaction: a row already changed in this one is not touched again.
    milestone.events.update(pgh_created_at=F("pgh_created_at") - dt.timedelta(seconds=1))
    milestone.programme.name = "Renamed programme"
    milestone.programme.save()
    milestone.refresh_from_db()
    assert milestone.version == 2


# Production by a state whose plant or company is unknown


def plan(**fields):
    values = {
        "area": AreaFactory(code="XLT"),
        "period_kind": "year",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 12, 31),
        "basis": "planned",
        "rate": "total",
        "device_type": "anti_personnel_mine",
        "source": SourceFactory(),
        **fields,
    }
    return ProductionRecord.objects.create(**values)


def test_a_states_plan_without_producer_or_quantity_is_stored():
    record = plan()
    assert (record.producer, record.quantity) == (None, None)
    assert str(record) == "XLT Planned 2026"


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        (
            {"basis": "actual", "period_start": dt.date(2020, 1, 1), "period_end": dt.date(2020, 12, 31)},
            "quantity_or_plan",
        ),
        ({"basis": "capacity"}, "kb_productionrecord_quantity_or_plan"),
        ({"device_type": None}, "kb_productionrecord_says_something"),
        ({"quantity_max": 5}, "kb_productionrecord_range_order"),
    ],
)
def test_a_producerless_record_must_still_say_something(change, constraint):
    refused(constraint, lambda: plan(**change))


def test_a_producerless_record_with_a_quantity_needs_no_device_type():
    assert plan(device_type=None, quantity=1000, basis="capacity").producer is None

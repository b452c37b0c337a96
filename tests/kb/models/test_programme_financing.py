"""Programme financing: the database refuses what cannot be true, whatever the channel."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kb.choices import FinancingInstrumentChoices
from kb.models import ProgrammeFinancing
from tests.factories import SourceFactory
from tests.factories.reference import AreaFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def row_kwargs():
    poland = AreaFactory(code="XFA", name="Financed land")
    usa = OrganisationFactory(name="Test Treasury", kind="government")
    source = SourceFactory()
    return {
        "slug": "usa-pol-guarantee",
        "area": poland,
        "financier": usa,
        "instrument": FinancingInstrumentChoices.CREDIT_GUARANTEE,
        "amount": Decimal("4000000000"),
        "currency": "USD",
        "source": source,
    }


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        ({"instrument": "gift"}, "kb_programmefinancing_instrument_valid"),
        ({"currency": "usd"}, "kb_programmefinancing_currency_code"),
        ({"currency": ""}, "kb_programmefinancing_amount_has_currency"),
        ({"amount": Decimal("-1")}, "kb_programmefinancing_amount_has_currency"),
    ],
)
def test_database_refuses_impossible_financing(row_kwargs, change, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        ProgrammeFinancing.objects.create(**{**row_kwargs, **change})


def test_model_validation_names_the_rule(row_kwargs):
    row = ProgrammeFinancing(**{**row_kwargs, "currency": ""})
    with pytest.raises(ValidationError, match=r"An amount is not negative and needs its currency\."):
        row.full_clean()


def test_unknown_amount_and_programme_are_allowed_and_history_is_kept(row_kwargs):
    row = ProgrammeFinancing.objects.create(**{**row_kwargs, "amount": None, "currency": ""})
    row.purpose = "Modernising the armed forces."
    row.save()
    assert row.programme is None
    assert [e.pgh_label for e in row.events.order_by("pgh_id")] == ["insert", "update"]

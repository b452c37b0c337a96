"""Treaty obligations: the database refuses rows that cannot be true, whatever the channel."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kb.models import TreatyObligation
from tests.factories import AreaFactory, SourceFactory, TreatyFactory, TreatyObligationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def row_kwargs():
    return {
        "treaty": TreatyFactory(),
        "area": AreaFactory(code="XOB", name="Obliged land"),
        "article": "5",
        "kind": "deadline",
        "deadline": dt.date(2009, 3, 1),
        "source": SourceFactory(),
    }


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        ({"article": "9"}, "kb_treatyobligation_article_valid"),
        ({"kind": "promise"}, "kb_treatyobligation_kind_valid"),
        ({"deadline": None}, "kb_treatyobligation_deadline_needed"),
        ({"kind": "extension_granted", "deadline": None}, "kb_treatyobligation_deadline_needed"),
        ({"completed_on": dt.date(2010, 1, 1)}, "kb_treatyobligation_completion_date_of_completion"),
        ({"kind": "report", "deadline": None, "year_covered": 2019}, "kb_treatyobligation_report_is_article_7"),
        ({"article": "7"}, "kb_treatyobligation_report_is_article_7"),
        ({"kind": "report", "article": "7", "deadline": None}, "kb_treatyobligation_report_has_year"),
        ({"granted_on": dt.date(2008, 11, 28)}, "kb_treatyobligation_dates_of_kind"),
        ({"year_covered": 2019}, "kb_treatyobligation_dates_of_kind"),
        (
            {"kind": "extension_granted", "submitted_on": dt.date(2008, 5, 6), "granted_on": dt.date(2008, 5, 5)},
            "kb_treatyobligation_granted_after_submitted",
        ),
    ],
)
def test_database_refuses_impossible_rows(row_kwargs, change, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        TreatyObligation.objects.create(**{**row_kwargs, **change})


def test_model_validation_names_the_rule(row_kwargs):
    row = TreatyObligation(
        **{
            **row_kwargs,
            "kind": "extension_granted",
            "submitted_on": dt.date(2009, 1, 2),
            "granted_on": dt.date(2009, 1, 1),
        }
    )
    with pytest.raises(ValidationError, match=r"An extension cannot be granted before it was submitted\."):
        row.full_clean()


def test_the_same_fact_cannot_be_stored_twice_even_with_empty_dates(row_kwargs):
    completion = {**row_kwargs, "kind": "completion", "deadline": None}
    TreatyObligation.objects.create(**completion)
    with pytest.raises(IntegrityError, match="kb_treatyobligation_unique_fact"), transaction.atomic():
        TreatyObligation.objects.create(**completion)


def test_a_granted_extension_and_a_report_are_stored_with_history(row_kwargs):
    extension = TreatyObligationFactory(
        **{**row_kwargs, "kind": "extension_granted", "deadline": dt.date(2014, 3, 1)},
        submitted_on=dt.date(2008, 5, 6),
        granted_on=dt.date(2008, 11, 28),
    )
    extension.notes = "Granted at the Ninth Meeting."
    extension.save()
    report = TreatyObligationFactory(
        **{**row_kwargs, "article": "7", "kind": "report", "deadline": None}, year_covered=2019
    )
    assert [e.pgh_label for e in extension.events.order_by("pgh_id")] == ["insert", "update"]
    assert report.obligation_name == "transparency reports"
    assert extension.obligation_name == "mine clearance"

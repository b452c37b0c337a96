"""The database refuses what must never be stored, whoever writes it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kb.choices import ReviewStatusChoices
from kb.models import Area, Source, TreatyAction
from tests.factories import AreaFactory, ArmedConflictPeriodFactory, SourceFactory, TreatyActionFactory

pytestmark = pytest.mark.django_db


def refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_area_codes_and_kinds_are_checked():
    refused(lambda: Area.objects.create(code="pl", kind="country", name="lower case"))
    refused(lambda: Area.objects.create(code="XKXX", kind="country", name="country codes are alpha-3"))
    refused(lambda: Area.objects.create(code="XQQ", kind="planet", name="unknown kind"))
    refused(lambda: Area.objects.create(code="XQQ", kind="territory", name="bad latitude", latitude=91))


def test_source_url_unique_and_language_code():
    SourceFactory(url="https://example.org/same")
    refused(lambda: SourceFactory(url="https://example.org/same"))
    refused(lambda: SourceFactory(language="EN"))
    SourceFactory(url="")
    SourceFactory(url="")  # many sources without a URL are fine


def test_treaty_action_kind_and_uniqueness(treaty):
    action = TreatyActionFactory(treaty=treaty, area=AreaFactory())
    refused(lambda: TreatyActionFactory(treaty=treaty, area=action.area))  # same kind and date
    refused(lambda: TreatyActionFactory(treaty=treaty, kind="ratified"))
    refused(lambda: TreatyActionFactory(treaty=treaty, status="approved"))


def test_retraction_needs_a_reason(treaty):
    refused(lambda: TreatyActionFactory(treaty=treaty, status=ReviewStatusChoices.RETRACTED, retraction_reason=""))
    TreatyActionFactory(treaty=treaty, status=ReviewStatusChoices.RETRACTED, retraction_reason="Wrong date")


def test_full_clean_gives_the_readable_message(treaty):
    action = TreatyAction(
        treaty=treaty, area=AreaFactory(), kind="ratified", date=dt.date(2000, 1, 1), source=SourceFactory()
    )
    with pytest.raises(ValidationError) as caught:
        action.full_clean()
    assert "kind" in caught.value.message_dict


def test_conflict_periods_cannot_overlap_for_one_state():
    state = AreaFactory()
    ArmedConflictPeriodFactory(area=state, started_on=dt.date(2014, 1, 1), ended_on=dt.date(2015, 12, 31))
    refused(lambda: ArmedConflictPeriodFactory(area=state, started_on=dt.date(2015, 12, 31)))  # shares a day
    ArmedConflictPeriodFactory(area=state, started_on=dt.date(2016, 1, 1))  # adjacent is fine
    ArmedConflictPeriodFactory(area=AreaFactory(), started_on=dt.date(2015, 1, 1))  # other state is fine


def test_conflict_cannot_end_before_it_starts():
    refused(lambda: ArmedConflictPeriodFactory(started_on=dt.date(2020, 1, 1), ended_on=dt.date(2019, 1, 1)))


def test_sources_in_use_cannot_be_deleted(treaty):
    action = TreatyActionFactory(treaty=treaty)
    with pytest.raises(Exception, match="protected"), transaction.atomic():
        Source.objects.filter(pk=action.source_id).delete()

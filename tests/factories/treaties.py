import datetime as dt

import factory

from kb.choices import ReviewStatusChoices, TreatyActionKindChoices
from kb.models import ArmedConflictPeriod, Treaty, TreatyAction
from tests.factories.reference import AreaFactory
from tests.factories.sources import SourceFactory


class TreatyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Treaty
        django_get_or_create = ["code"]

    code = "APMBC"
    name = "Anti-Personnel Mine Ban Convention"
    short_name = "Mine Ban Treaty"
    entry_into_force_on = dt.date(1999, 3, 1)


class TreatyActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatyAction

    treaty = factory.SubFactory(TreatyFactory)
    area = factory.SubFactory(AreaFactory)
    kind = TreatyActionKindChoices.RATIFICATION
    date = dt.date(2005, 1, 10)
    source = factory.SubFactory(SourceFactory)
    status = ReviewStatusChoices.PUBLISHED


class ArmedConflictPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArmedConflictPeriod

    area = factory.SubFactory(AreaFactory)
    started_on = dt.date(2022, 2, 24)
    description = "Armed conflict"
    source = factory.SubFactory(SourceFactory)
    status = ReviewStatusChoices.PUBLISHED

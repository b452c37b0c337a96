import datetime as dt

import factory

from kb.choices import PeriodKindChoices, ProductionBasisChoices, ReviewStatusChoices, TransferStatusChoices
from kb.models import CasualtyRecord, ContaminationRecord, LandReleaseRecord, ProductionRecord, Transfer, UseReport
from tests.factories.reference import AreaFactory, OrganisationFactory
from tests.factories.sources import SourceFactory


class StatisticFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    area = factory.SubFactory(AreaFactory)
    period_kind = PeriodKindChoices.YEAR
    period_start = dt.date(2020, 1, 1)
    period_end = factory.LazyAttribute(lambda o: dt.date(o.period_start.year, 12, 31))
    source = factory.SubFactory(SourceFactory)
    status = ReviewStatusChoices.PUBLISHED
    is_preferred = True
    preference_reason = factory.LazyAttribute(lambda o: "The factory's figure." if o.is_preferred else "")


class CasualtyRecordFactory(StatisticFactory):
    class Meta:
        model = CasualtyRecord

    total = 10


class ContaminationRecordFactory(StatisticFactory):
    class Meta:
        model = ContaminationRecord

    confirmed_m2 = 5000


class LandReleaseRecordFactory(StatisticFactory):
    class Meta:
        model = LandReleaseRecord

    cleared_m2 = 1000


class ProductionRecordFactory(StatisticFactory):
    class Meta:
        model = ProductionRecord

    producer = factory.SubFactory(OrganisationFactory)
    basis = ProductionBasisChoices.ACTUAL
    quantity = 1000


class UseReportFactory(StatisticFactory):
    class Meta:
        model = UseReport

    actor_kind = "non_state"
    actor_name = "An armed group (test)"
    confidence = "confirmed"


class TransferFactory(StatisticFactory):
    class Meta:
        model = Transfer

    from_area = factory.SubFactory(AreaFactory)
    device_type = "anti_personnel_mine"
    transfer_status = TransferStatusChoices.REPORTED

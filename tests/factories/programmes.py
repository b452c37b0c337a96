import datetime as dt

import factory

from kb.choices import FinancingInstrumentChoices, MilestoneKindChoices, ProgrammeKindChoices, ReviewStatusChoices
from kb.models import Programme, ProgrammeFinancing, ProgrammeMilestone
from tests.factories.reference import AreaFactory, OrganisationFactory
from tests.factories.sources import SourceFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"test-programme-{n}")
    name = factory.Sequence(lambda n: f"Test programme {n}")
    area = factory.SubFactory(AreaFactory)
    kind = ProgrammeKindChoices.FORTIFICATION
    source = factory.SubFactory(SourceFactory)
    status = ReviewStatusChoices.PUBLISHED


class ProgrammeMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeMilestone

    programme = factory.SubFactory(ProgrammeFactory)
    kind = MilestoneKindChoices.CONSTRUCTION_START
    date = dt.date(2024, 11, 1)
    title = "Construction begins"
    source = factory.SubFactory(SourceFactory)
    status = ReviewStatusChoices.PUBLISHED


class ProgrammeFinancingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeFinancing

    slug = factory.Sequence(lambda n: f"test-financing-{n}")
    area = factory.SubFactory(AreaFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    financier = factory.SubFactory(OrganisationFactory)
    instrument = FinancingInstrumentChoices.values[0]
    source = factory.SubFactory(SourceFactory)
    status = ReviewStatusChoices.PUBLISHED

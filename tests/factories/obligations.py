import datetime as dt

import factory

from kb.choices import ReviewStatusChoices, TreatyObligationKindChoices
from kb.models import TreatyObligation
from tests.factories.reference import AreaFactory
from tests.factories.sources import SourceFactory
from tests.factories.treaties import TreatyFactory


class TreatyObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatyObligation

    treaty = factory.SubFactory(TreatyFactory)
    area = factory.SubFactory(AreaFactory)
    article = "5"
    kind = TreatyObligationKindChoices.DEADLINE
    deadline = dt.date(2009, 3, 1)
    source = factory.SubFactory(SourceFactory)
    source_locator = "Table 1"
    status = ReviewStatusChoices.PUBLISHED

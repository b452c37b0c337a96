import factory

from kb.choices import SourceKindChoices
from kb.models import Citation, Source


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    kind = SourceKindChoices.REPORT
    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = "Landmine Monitor"
    url = factory.Sequence(lambda n: f"https://example.org/report-{n}")


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    locator = "p. 1"

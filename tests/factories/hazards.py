import factory
from django.contrib.gis.geos import MultiPolygon, Polygon

from kb.choices import (
    DeviceTypeChoices,
    HazardClassChoices,
    ReleaseMethodChoices,
    ReleaseOutcomeChoices,
    ReviewStatusChoices,
)
from kb.models import HazardArea, LandReleaseActivity
from tests.factories.reference import AreaFactory
from tests.factories.sources import SourceFactory


def square(lon: float, lat: float, size: float = 0.01) -> MultiPolygon:
    """A square `size` degrees wide with its south-west corner at lon/lat, in WGS 84."""
    ring = ((lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat))
    return MultiPolygon(Polygon(ring), srid=4326)


class MappedRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    area = factory.SubFactory(AreaFactory)
    source = factory.SubFactory(SourceFactory)
    status = ReviewStatusChoices.PUBLISHED
    reference = factory.Sequence(lambda n: f"REF-{n:05d}")
    geometry = factory.LazyFunction(lambda: square(30.0, 50.0))


class HazardAreaFactory(MappedRecordFactory):
    class Meta:
        model = HazardArea

    hazard_class = HazardClassChoices.CHA
    contamination_type = DeviceTypeChoices.ANTI_PERSONNEL_MINE


class LandReleaseActivityFactory(MappedRecordFactory):
    class Meta:
        model = LandReleaseActivity

    method = ReleaseMethodChoices.CLEARANCE
    outcome = ReleaseOutcomeChoices.CLEARED

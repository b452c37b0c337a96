"""The database keeps hazard geometries valid and land-release methods and outcomes consistent."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from kb.models import HazardArea, LandReleaseActivity
from tests.factories import AreaFactory, HazardAreaFactory, LandReleaseActivityFactory

pytestmark = pytest.mark.django_db


def bowtie() -> MultiPolygon:
    return MultiPolygon(Polygon(((30, 50), (30.01, 50.01), (30.01, 50), (30, 50.01), (30, 50))), srid=4326)


def test_computed_area_is_on_the_spheroid_and_follows_the_geometry():
    hazard = HazardAreaFactory(area=AreaFactory(code="XMA"))
    hazard.refresh_from_db()
    assert hazard.computed_area_m2 == pytest.approx(796_600, rel=0.01)

    HazardArea.objects.filter(pk=hazard.pk).update(geometry=MultiPolygon(Polygon.from_bbox((0, 0, 0.01, 0.01))))
    hazard.refresh_from_db()
    assert hazard.computed_area_m2 == pytest.approx(1_230_900, rel=0.01)  # at the equator


def test_an_invalid_geometry_never_reaches_the_table():
    hazard = HazardAreaFactory(area=AreaFactory(code="XMB"))
    with pytest.raises(IntegrityError, match="kb_hazardarea_geometry_valid"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE kb_hazardarea SET geometry = %s WHERE id = %s", [bowtie().ewkt, hazard.pk])


def test_full_clean_explains_an_invalid_geometry():
    hazard = HazardAreaFactory.build(area=AreaFactory(code="XMC"), source=HazardAreaFactory().source)
    hazard.geometry = bowtie()
    with pytest.raises(ValidationError) as error:
        hazard.full_clean(exclude=["computed_area_m2"])
    assert error.value.messages == ["The geometry is not valid (it crosses itself or is not closed)."]


@pytest.mark.parametrize(
    ("method", "outcome", "allowed"),
    [
        ("nts", "cancelled", True),
        ("nts", "cleared", False),
        ("ts", "reduced", True),
        ("ts", "cleared", True),
        ("clearance", "cleared", True),
        ("clearance", "reduced", False),
    ],
)
def test_method_and_outcome_agree(method, outcome, allowed):
    area = AreaFactory(code="XMD")
    if allowed:
        LandReleaseActivityFactory(area=area, method=method, outcome=outcome)
        assert LandReleaseActivity.objects.filter(area=area).count() == 1
    else:
        with pytest.raises(IntegrityError, match="kb_landreleaseactivity_method_outcome"), transaction.atomic():
            LandReleaseActivityFactory(area=area, method=method, outcome=outcome)


def test_one_polygon_per_reference_in_a_country():
    area = AreaFactory(code="XME")
    HazardAreaFactory(area=area, reference="HA-1")
    HazardAreaFactory(area=AreaFactory(code="XMF"), reference="HA-1")  # another country may reuse it
    with pytest.raises(IntegrityError, match="kb_hazardarea_one_per_reference"), transaction.atomic():
        HazardAreaFactory(area=area, reference="HA-1")

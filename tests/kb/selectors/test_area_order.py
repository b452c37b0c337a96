"""The country list in each language's alphabetical order (PostgreSQL ICU collations), not in code-point order."""

import pytest
from django.utils import translation

from kb.models import Area
from kb.selectors.areas import area_search_list

pytestmark = pytest.mark.django_db


def nothing_published(model):
    return model.objects.none()


@pytest.mark.parametrize(("language", "field"), [("uk", "name_uk"), ("ru", "name_ru"), ("en", "name")])
def test_angola_comes_before_yemen_and_iraq(language, field):
    """In Ukrainian, code-point order put Yemen and Iraq (Cyrillic Ye, I) before Angola (Cyrillic A); the alphabet
    has A first and Ye before I, so Yemen comes before Iraq in Ukrainian only."""
    with translation.override(language):
        names = [
            area.localized_name
            for area in area_search_list(query="", with_data_only=False, published=nothing_published)
        ]
    angola, yemen, iraq = (getattr(Area.objects.get(code=code), field) for code in ("AGO", "YEM", "IRQ"))
    assert names.index(angola) < names.index(iraq) and names.index(angola) < names.index(yemen)
    assert (names.index(yemen) < names.index(iraq)) == (language == "uk")


def test_russian_country_names_are_in_the_nominative():
    """The country list's catalogue gave "Мьянмы" (of Myanmar), the top casualty country of two years, on every
    Russian page."""
    names = dict(Area.objects.filter(code__in=["MMR", "LBR", "NCL", "SMR"]).values_list("code", "name_ru"))
    assert names == {"MMR": "Мьянма", "LBR": "Либерия", "NCL": "Новая Каледония", "SMR": "Сан-Марино"}


def test_areas_with_only_deadlines_transfers_out_or_producers_have_data():
    """The country index marked them "no published data" although their profiles show something."""
    from kb.selectors.areas import areas_with_data
    from tests.factories import AreaFactory, OrganisationFactory, TreatyObligationFactory
    from tests.factories.statistics import ProductionRecordFactory, TransferFactory

    deadline, supplier, producing = (AreaFactory(code=code, kind="country") for code in ("XDA", "XDB", "XDC"))
    TreatyObligationFactory(area=deadline)
    TransferFactory(from_area=supplier, area=AreaFactory(code="XDD", kind="country"))
    ProductionRecordFactory(
        area=AreaFactory(code="XDE", kind="country"), producer=OrganisationFactory(country=producing)
    )
    with_data = areas_with_data(lambda model: model.objects.filter(status="published"))
    assert {deadline.pk, supplier.pk, producing.pk} <= with_data

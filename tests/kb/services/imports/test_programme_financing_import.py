"""Importing programme financing: rows by slug, the programme by its slug, errors naming row and column."""

import pytest

from kb.models import Programme, ProgrammeFinancing
from kb.services.imports import ImportRejected, rows_import
from tests.factories import AreaFactory, SourceFactory
from tests.factories.reference import OrganisationFactory

pytestmark = pytest.mark.django_db
HEADER = "slug,country_code,programme,financier,instrument,amount,currency,date,purpose,source,source_locator\n"


@pytest.fixture(autouse=True)
def references():
    poland = AreaFactory(code="XFA", name="Financed land")
    OrganisationFactory(name="Test Treasury", kind="government")
    source = SourceFactory(slug="report")
    Programme.objects.create(slug="test-shield", name="Test Shield", area=poland, kind="fortification", source=source)


def run(text: str):
    return rows_import(resource="programme-financing", content=text.encode(), filename="financing.csv")


def test_rows_are_stored_and_matched_on_slug():
    row = "g,XFA,,Test Treasury,credit_guarantee,4000000000,USD,,Armed forces,report,para 10\n"
    run(HEADER + row)
    run(HEADER + row.replace("Armed forces", "Modernising the armed forces"))
    stored = ProgrammeFinancing.objects.get(area__code="XFA")
    assert (stored.programme, stored.amount, stored.date) == (None, 4000000000, None)
    assert stored.purpose == "Modernising the armed forces"
    assert stored.events.count() == 2


def test_programme_is_named_by_its_slug():
    run(HEADER + "l,XFA,test-shield,Test Treasury,loan,,,2025-09-01,,report,\n")
    assert ProgrammeFinancing.objects.get(area__code="XFA").programme.slug == "test-shield"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("x,XFA,no-such,Test Treasury,loan,,,,,report,\n", "programme", "Unknown programme"),
        ("x,XFA,,Test Treasury,gift,,,,,report,\n", "instrument", "not a valid financing"),
        ("x,XFA,,Test Treasury,loan,5,,,,report,\n", "", "needs its currency"),
    ],
)
def test_bad_rows_are_rejected_naming_the_problem(row, column, message):
    with pytest.raises(ImportRejected) as caught:
        run(HEADER + row)
    text = str([(i.row, i.column, i.message) for i in caught.value.issues])
    assert message in text and column in text
    assert not ProgrammeFinancing.objects.filter(area__code="XFA").exists()

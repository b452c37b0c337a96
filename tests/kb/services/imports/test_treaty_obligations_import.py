"""Importing treaty obligations: rows keyed by treaty, state, article, kind and their date; errors naming row and
column; nothing written when a row fails."""

import pytest

from kb.models import TreatyObligation
from kb.services.imports import ImportRejected, rows_import
from tests.factories import AreaFactory, SourceFactory, TreatyFactory

pytestmark = pytest.mark.django_db
HEADER = (
    "treaty,country_code,article,kind,deadline,submitted_on,granted_on,completed_on,year_covered,"
    "source,source_locator,notes\n"
)


@pytest.fixture(autouse=True)
def references():
    TreatyFactory()
    AreaFactory(code="XOB", name="Obliged land")
    SourceFactory(slug="report")


def run(text: str):
    return rows_import(resource="treaty-obligations", content=text.encode(), filename="obligations.csv")


def test_rows_are_stored_and_matched_on_their_key():
    rows = (
        "APMBC,XOB,5,deadline,2009-03-01,,,,,report,Table 1,\n"
        "APMBC,XOB,5,extension_granted,2014-03-01,2008-05-06,,,,report,Table 1,\n"
        "APMBC,XOB,7,report,,2020-04-30,,,2019,report,Cover,\n"
    )
    run(HEADER + rows)
    run(HEADER + rows.replace("2008-05-06,,", "2008-05-06,2008-11-28,"))
    assert TreatyObligation.objects.filter(area__code="XOB").count() == 3
    extension = TreatyObligation.objects.get(kind="extension_granted")
    assert (str(extension.submitted_on), str(extension.granted_on)) == ("2008-05-06", "2008-11-28")
    assert extension.events.count() == 2


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("APMBC,XOB,9,deadline,2009-03-01,,,,,report,,\n", "article", "not a valid article"),
        ("APMBC,XOB,5,promise,2009-03-01,,,,,report,,\n", "kind", "not a valid obligation kind"),
        ("APMBC,XOB,5,deadline,2009-13-01,,,,,report,,\n", "deadline", ""),
        ("APMBC,XOB,5,extension_granted,2014-03-01,2009-01-02,2009-01-01,,,report,,\n", "", "granted before"),
        ("APMBC,XOB,7,report,,,,,twenty,report,,\n", "year_covered", ""),
    ],
)
def test_bad_rows_are_rejected_naming_the_problem(row, column, message):
    with pytest.raises(ImportRejected) as caught:
        run(HEADER + "APMBC,XOB,5,deadline,2009-03-01,,,,,report,,\n" + row)
    text = str([(i.row, i.column, i.message) for i in caught.value.issues])
    assert message in text and column in text
    assert not TreatyObligation.objects.filter(area__code="XOB").exists()

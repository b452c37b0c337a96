"""Importing transfers, programme milestones and producer-less production plans: rows stored with their keys,
unknowns left empty, errors naming row and column and nothing written."""

import pytest

from kb.models import ProductionRecord, ProgrammeMilestone, Transfer
from kb.services.imports import ImportRejected, rows_import
from tests.factories import AreaFactory, SourceFactory
from tests.factories.programmes import ProgrammeFactory

pytestmark = pytest.mark.django_db

TRANSFERS = "country_code,period,from_country_code,device_type,transfer_status,quantity,source,source_locator\n"
MILESTONES = "programme,kind,date,date_precision,title,title_uk,title_ru,source,source_locator\n"
PRODUCTION = "country_code,period,producer,device_type,basis,rate,quantity,source,source_locator\n"


@pytest.fixture(autouse=True)
def references():
    to, supplier = AreaFactory(code="XTA", name="Receiving land"), AreaFactory(code="XTB", name="Supplying land")
    SourceFactory(slug="report")
    ProgrammeFactory(slug="test-shield", area=supplier)
    return to, supplier


def run(resource: str, text: str):
    return rows_import(resource=resource, content=text.encode(), filename=f"{resource}.csv")


def issues(caught) -> str:
    return str([(i.row, i.column, i.message) for i in caught.value.issues])


def test_transfer_rows_are_stored_with_both_states_and_matched_on_their_cell():
    run("transfers", TRANSFERS + "XTA,2026,XTB,anti_personnel_mine,possible,,report,para 1\n")
    run("transfers", TRANSFERS + "XTA,2026,XTB,anti_personnel_mine,confirmed,500,report,para 2\n")
    stored = Transfer.objects.get(area__code="XTA")
    assert (stored.from_area.code, stored.transfer_status, stored.quantity) == ("XTB", "confirmed", 500)
    assert stored.events.count() == 2


def test_milestones_are_stored_with_their_precision_and_translations():
    run(
        "programme-milestones",
        MILESTONES + "test-shield,planned_completion,2028-01-01,year,By 2028,До 2028,До 2028 года,report,p. 2\n",
    )
    stored = ProgrammeMilestone.objects.get(programme__slug="test-shield")
    assert (stored.date_label, stored.title_uk, stored.source_locator) == ("2028", "До 2028", "p. 2")


BAD_ROWS = [
    ("transfers", "XTA,2026,QQQ,,reported,,report,\n", "from_country_code", "Unknown country code"),
    ("transfers", "XTA,2026,XTB,,rumoured,,report,\n", "transfer_status", "not a valid transfer status"),
    ("transfers", "XTA,2026,XTB,,reported,-3,report,\n", "quantity", ""),
    ("transfers", "XTA,2026,XTA,,reported,,report,\n", "", "from one state to another"),
    ("transfers", "XTA,2026,,,reported,,report,\n", "from_country_code", ""),
    ("programme-milestones", "no-such,announced,2024-05-27,day,T,,,report,\n", "programme", "Unknown programme"),
    ("programme-milestones", "test-shield,groundbreaking,2024-05-27,day,T,,,report,\n", "kind", "milestone kind"),
    ("programme-milestones", "test-shield,announced,2024-05-27,week,T,,,report,\n", "date_precision", "precision"),
    ("programme-milestones", "test-shield,planned_completion,2028-12-31,year,T,,,report,\n", "", "1 January"),
    ("programme-milestones", "test-shield,announced,,day,T,,,report,\n", "date", ""),
]
HEADERS = {"transfers": TRANSFERS, "programme-milestones": MILESTONES}


@pytest.mark.parametrize(("resource", "row", "column", "message"), BAD_ROWS)
def test_bad_rows_are_rejected_naming_the_problem(resource, row, column, message):
    with pytest.raises(ImportRejected) as caught:
        run(resource, HEADERS[resource] + row)
    text = issues(caught)
    assert message in text and column in text
    assert not Transfer.objects.filter(area__code="XTA").exists()
    assert not ProgrammeMilestone.objects.filter(programme__slug="test-shield").exists()


def test_a_states_plan_without_producer_or_quantity_is_imported():
    run("production", PRODUCTION + "XTB,2026,,anti_personnel_mine,planned,total,,report,para 1\n")
    stored = ProductionRecord.objects.get(area__code="XTB")
    assert (stored.producer, stored.quantity, stored.basis) == (None, None, "planned")


def test_output_without_a_quantity_is_rejected_with_the_rule():
    with pytest.raises(ImportRejected) as caught:
        run("production", PRODUCTION + "XTB,2020,,anti_personnel_mine,actual,per_year,,report,\n")
    assert "Only a plan may leave the quantity empty" in issues(caught)
    assert not ProductionRecord.objects.filter(area__code="XTB").exists()


def test_milestones_say_which_translations_a_source_gives():
    header = MILESTONES.replace("source,", "translations_from_sources,source,")
    run("programme-milestones", header + "test-shield,announced,2024-05-27,day,Shown,Показано,,title_uk,report,p. 1\n")
    stored = ProgrammeMilestone.objects.get(programme__slug="test-shield")
    assert stored.translations_from_sources == ["title_uk"]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("title_uk | name_uk", "'name_uk' is not one of: title_uk, title_ru, notes_uk, notes_ru."),
        ("title_ru", "Only a Ukrainian or Russian text the record holds can be given by the sources."),
    ],
)
def test_a_translation_no_source_could_give_is_rejected_naming_row_and_column(cell, message):
    header = MILESTONES.replace("source,", "translations_from_sources,source,")
    row = f"test-shield,announced,2024-05-27,day,Shown,Показано,,{cell},report,p. 1\n"
    with pytest.raises(ImportRejected) as caught:
        run("programme-milestones", header + row)
    assert issues(caught) == str([(2, "translations_from_sources", message)])
    assert not ProgrammeMilestone.objects.filter(programme__slug="test-shield").exists()

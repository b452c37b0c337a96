"""Treaty deadlines on the public pages: a state's deadlines and standing on its profile, and the world lists of
states past a deadline and of deadlines passed with nothing recorded since, in every language, from published rows
only."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from kb.models import Area
from tests.factories import TreatyObligationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    ukraine = Area.objects.get(code="UKR")
    TreatyObligationFactory(area=ukraine, deadline=dt.date(2016, 6, 1))
    TreatyObligationFactory(area=ukraine, kind="extension_granted", deadline=dt.date(2021, 6, 1))
    TreatyObligationFactory(
        area=ukraine, kind="extension_request", deadline=dt.date(2023, 12, 1), source__published_on=dt.date(2022, 3, 1)
    )
    TreatyObligationFactory(area=ukraine, article="7", kind="report", deadline=None, year_covered=2020)
    TreatyObligationFactory(area=Area.objects.get(code="POL"), deadline=dt.date(2014, 6, 1), status="draft")
    # Germany's only source gives no publication day: nothing shows whether the deadline was extended. (Not Finland:
    # its withdrawal has taken effect, so no deadline of the treaty runs for it now.)
    TreatyObligationFactory(area=Area.objects.get(code="DEU"), article="4", deadline=dt.date(2016, 7, 1))


def page(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html: str, anchor: str) -> str:
    part = html[html.index(f'id="{anchor}"') :]
    return part[: part.index("</section>")]


def test_profile_shows_current_deadline_standing_and_reports(rows):
    deadlines = section(page("/en/countries/UKR/"), "obligations")
    assert "Article 5: mine clearance" in deadlines
    assert "June 1, 2016" in deadlines and "June 1, 2021" in deadlines
    assert "Past deadline" in deadlines and "extension to Dec. 1, 2023 requested" in deadlines
    assert "Transparency reports (Article 7)" in deadlines and "2020" in deadlines


@pytest.mark.parametrize(("language", "word"), [("uk", "Строк минув"), ("ru", "Срок истёк")])
def test_profile_deadlines_in_ukrainian_and_russian(rows, language, word):
    assert word in section(page(f"/{language}/countries/UKR/"), "obligations")


def test_world_lists_states_past_a_deadline_from_published_rows_only(rows):
    html = page("/en/")
    listed = section(html, "past-deadlines")
    assert "/en/countries/UKR/#obligations" in listed and "June 1, 2021" in listed and "March 1, 2022" in listed
    assert "/countries/POL/" not in listed  # its only row is a draft
    assert "/countries/DEU/" not in listed  # nothing shows it late
    unrecorded = section(html, "unrecorded-deadlines")
    assert "/en/countries/DEU/#obligations" in unrecorded and "July 1, 2016" in unrecorded
    assert "no date given" in unrecorded and "/countries/UKR/" not in unrecorded


@pytest.mark.parametrize(("language", "heading"), [("uk", "без пізніших записів"), ("ru", "без более поздних записей")])
def test_unrecorded_deadlines_in_ukrainian_and_russian(rows, language, heading):
    assert heading in section(page(f"/{language}/"), "unrecorded-deadlines")


def test_a_state_without_deadlines_says_so():
    assert "No published treaty deadlines." in section(page("/en/countries/POL/"), "obligations")


def test_pages_as_of_a_moment_read_the_published_history(rows):
    """?as_of= reads the rows from their history, as published at that moment."""
    moment = quote(timezone.now().isoformat())
    then = section(page(f"/en/countries/UKR/?as_of={moment}"), "obligations")
    assert "Past deadline" in then and "June 1, 2021" in then
    assert "/en/countries/UKR/#obligations" in section(page(f"/en/?as_of={moment}"), "past-deadlines")
    before = section(page("/en/countries/UKR/?as_of=2000-01-01"), "obligations")
    assert "No published treaty deadlines." in before


def test_deadline_lists_follow_the_pages_language(rows):
    """Ukrainian pages listed states in English order ("Чад" before "Колумбія") under English treaty codes."""
    for code in ("TCD", "COL"):
        TreatyObligationFactory(area=Area.objects.get(code=code), article="4", deadline=dt.date(2016, 7, 1))
    english = section(page("/en/"), "unrecorded-deadlines")
    assert english.index("/en/countries/TCD/") < english.index("/en/countries/COL/")
    ukrainian = section(page("/uk/"), "unrecorded-deadlines")
    assert ukrainian.index("/uk/countries/COL/") < ukrainian.index("/uk/countries/TCD/")
    assert "APMBC" not in ukrainian and "<td>Mine Ban Treaty</td>" in english

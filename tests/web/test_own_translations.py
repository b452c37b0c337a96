"""Our own translations are marked on the public pages: a treaty's official Ukrainian and Russian names are shown
as they are, a name or title no source gives is followed by "(our translation)", and English pages mark nothing."""

import pytest
from django.test import Client

from kb.models import Programme, Treaty

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

OURS = {"uk": "наш переклад", "ru": "наш перевод"}


def profile(language: str) -> str:
    response = Client().get(f"/{language}/countries/POL/")
    assert response.status_code == 200
    return response.content.decode()


def marked(text: str, language: str) -> str:
    return f'{text}<span class="own-translation"> ({OURS[language]})</span>'


@pytest.mark.parametrize("language", ["uk", "ru"])
def test_official_names_stand_alone_and_ours_are_marked(language):
    html = profile(language)
    ottawa = Treaty.objects.get(code="APMBC")
    assert f"<h3>{getattr(ottawa, f'name_{language}')}</h3>" in html  # the official translation
    shield = Programme.objects.get(slug="east-shield")
    assert f"<h3>{marked(getattr(shield, f'name_{language}'), language)}</h3>" in html  # the demo row cites none


def test_a_name_marked_as_given_by_a_source_loses_the_mark_in_that_language_only():
    Programme.objects.filter(slug="east-shield").update(translations_from_sources=["name_uk"])
    assert "<h3>Східний щит</h3>" in profile("uk")
    assert f"<h3>{marked('Восточный щит', 'ru')}</h3>" in profile("ru")


def test_english_pages_mark_nothing():
    assert "own-translation" not in profile("en")

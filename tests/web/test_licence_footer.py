"""The public pages name the data's licence and how to cite it, in each language."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "licence", "citation"),
    [
        ("en", "Data licence:", "Landmine-impact knowledge base, accessed "),
        ("uk", "Ліцензія даних:", "База знань про вплив наземних мін, дата звернення "),
        ("ru", "Лицензия данных:", "База знаний о воздействии наземных мин, дата обращения "),  # noqa: RUF001
    ],
)
def test_footer_names_licence_and_citation(client, language, licence, citation):
    page = client.get(f"/{language}/").content.decode()
    footer = page[page.index("<footer") :]
    assert licence in footer
    assert '<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">' in footer
    assert citation in footer
    assert 'href="/api/v1/releases/"' in footer and 'href="/api/v1/data-dictionary/"' in footer


def test_the_licence_follows_the_settings(client, settings):
    settings.KB_DATA_LICENCE_TITLE = "Open Data Commons Open Database License 1.0"
    settings.KB_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
    page = client.get("/en/").content.decode()
    assert '<a rel="license" href="https://opendatacommons.org/licenses/odbl/1-0/">' in page
    assert "Licence: Open Data Commons Open Database License 1.0." in page

"""Treaty, programme and admin-area texts in the language asked for, with an English fallback marked as such."""

import json

import pytest

from kb.models import AdminArea, Area, Programme, Treaty

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

OTTAWA_UK = (
    "Конвенція про заборону застосування, накопичення запасів, виробництва і передачі протипіхотних мін та про "  # noqa: RUF001
    "їхнє знищення"
)


def test_treaty_names_follow_lang(api_client):
    body = api_client.get("/api/v1/treaties/APMBC/", {"lang": "uk"}).json()
    assert (body["name"], body["name_language"]) == (OTTAWA_UK, "uk")
    assert (body["short_name"], body["short_name_language"]) == ("Договір про заборону мін", "uk")


def test_treaty_names_follow_accept_language(api_client):
    body = api_client.get("/api/v1/treaties/CCM/", headers={"Accept-Language": "ru"}).json()
    assert (body["short_name"], body["short_name_language"]) == ("Конвенция по кассетным боеприпасам", "ru")


def test_a_missing_translation_is_the_english_text_marked_en(api_client):
    Treaty.objects.filter(code="APMBC").update(short_name_uk="")
    body = api_client.get("/api/v1/treaties/APMBC/", {"lang": "uk"}).json()
    assert (body["short_name"], body["short_name_language"]) == ("Mine Ban Treaty", "en")
    assert body["name_language"] == "uk"


def test_english_is_never_a_fallback_in_english(api_client):
    body = api_client.get("/api/v1/treaties/APMBC/", {"lang": "en"}).json()
    assert (body["short_name"], body["short_name_language"]) == ("Mine Ban Treaty", "en")


def test_programme_name_and_description_follow_lang(api_client):
    body = api_client.get("/api/v1/programmes/", {"lang": "ru", "area": "POL"}).json()
    [east_shield] = [item for item in body["results"] if item["slug"] == "east-shield"]
    assert (east_shield["name"], east_shield["name_language"]) == ("Восточный щит", "ru")
    assert east_shield["description"].startswith("Укрепление восточной границы Польши")
    assert "700\N{NO-BREAK SPACE}км" in east_shield["description"]
    assert east_shield["description_language"] == "ru"


def test_programme_description_falls_back_to_english_alone(api_client):
    Programme.objects.filter(slug="east-shield").update(description_uk="")
    body = api_client.get("/api/v1/programmes/", {"lang": "uk", "area": "POL"}).json()
    [east_shield] = [item for item in body["results"] if item["slug"] == "east-shield"]
    assert (east_shield["name"], east_shield["name_language"]) == ("Східний щит", "uk")
    assert east_shield["description"].startswith("Fortification of Poland")
    assert east_shield["description_language"] == "en"


@pytest.mark.parametrize(
    ("lang", "name", "short_name"),
    [("uk", False, True), ("ru", False, True), ("en", False, False)],
)
def test_a_treaty_says_which_of_its_names_we_translated(api_client, lang, name, short_name):
    """The Mine Ban Treaty's full names are the official translations; its short names are ours."""
    body = api_client.get("/api/v1/treaties/APMBC/", {"lang": lang}).json()
    assert (body["name_translated_by_us"], body["short_name_translated_by_us"]) == (name, short_name)


def test_a_programme_name_a_source_gives_is_no_longer_marked_ours(api_client):
    def east_shield(lang):
        body = api_client.get("/api/v1/programmes/", {"lang": lang, "area": "POL"}).json()
        [item] = [item for item in body["results"] if item["slug"] == "east-shield"]
        return item["name_translated_by_us"], item["description_translated_by_us"]

    assert east_shield("uk") == (True, True)  # the demo row lists no translation from a source
    Programme.objects.filter(slug="east-shield").update(translations_from_sources=["name_uk"])
    assert east_shield("uk") == (False, True)
    assert east_shield("ru") == (True, True)
    Programme.objects.filter(slug="east-shield").update(description_uk="")
    assert east_shield("uk") == (False, False)  # the English description stands in: nothing of ours is shown


def test_json_lines_mark_our_translations_as_the_list_does(api_client):
    Programme.objects.filter(slug="east-shield").update(translations_from_sources=["name_ru"])
    params = {"lang": "ru", "area": "POL"}
    listed = api_client.get("/api/v1/programmes/", params).json()["results"]
    lines = api_client.get("/api/v1/programmes/", {**params, "format": "jsonl"})
    streamed = [json.loads(line) for line in b"".join(lines.streaming_content).splitlines()]
    pick = ("slug", "name_translated_by_us", "description_translated_by_us")
    assert [[item[key] for key in pick] for item in streamed] == [[item[key] for key in pick] for item in listed]
    assert ["east-shield", False, True] in [[item[key] for key in pick] for item in streamed]


def test_partners_say_which_translations_a_source_gives(partner_client):
    body = {
        "slug": "test-named",
        "name": "Test named",
        "name_uk": "Тестова",
        "country_code": "UKR",
        "kind": "clearance",
        "source": "lm2023-impact",
    }
    bad = partner_client.post("/api/v1/programmes/", {**body, "translations_from_sources": ["title_uk"]}, format="json")
    assert bad.status_code == 400 and list(bad.json()) == ["translations_from_sources"]
    empty = partner_client.post(
        "/api/v1/programmes/", {**body, "translations_from_sources": ["name_ru"]}, format="json"
    )
    assert empty.status_code == 400 and list(empty.json()) == ["translations_from_sources"]  # no Russian name
    created = partner_client.post(
        "/api/v1/programmes/", {**body, "translations_from_sources": ["name_uk"]}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert Programme.objects.get(slug="test-named").translations_from_sources == ["name_uk"]


def test_admin_area_names_follow_lang(api_client):
    ukraine = Area.objects.get(code="UKR")
    AdminArea.objects.create(
        pcode="UA14", name="Donetska oblast", name_uk="Донецька область", name_ru="", area=ukraine, level=1
    )
    uk = api_client.get("/api/v1/admin-areas/UA14/", {"lang": "uk"}).json()
    assert (uk["name"], uk["name_language"]) == ("Донецька область", "uk")
    ru = api_client.get("/api/v1/admin-areas/UA14/", {"lang": "ru"}).json()
    assert (ru["name"], ru["name_language"]) == ("Donetska oblast", "en")


def test_treaty_status_notes_follow_lang(api_client):
    response = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "on": "2026-03-01", "lang": "uk"})
    [ukraine] = [item for item in response.json() if item["area"]["iso3"] == "UKR"]
    assert ukraine["notes"] == [
        "Оголошено призупинення; договір його не передбачає, тож зобов'язання залишаються чинними.",
        "Вихід відкладено: держава бере участь у збройному конфлікті, а договір дозволяє виходу набути чинності лише "  # noqa: RUF001
        "після його завершення.",
    ]


def test_treaty_status_list_is_in_the_languages_alphabetical_order(api_client):
    response = api_client.get("/api/v1/treaty-status/", {"treaty": "APMBC", "on": "2026-03-01", "lang": "ru"})
    names = [item["area"]["name"] for item in response.json()]
    assert names.index("Латвия") < names.index("Эстония") and names.index("Литва") < names.index("Эстония")


def test_treaty_action_notes_follow_lang(api_client):
    body = api_client.get("/api/v1/treaty-actions/", {"area": "POL", "kind": "withdrawal_notified", "lang": "uk"})
    [withdrawal] = body.json()["results"]
    assert withdrawal["notes"].startswith("Документ про вихід здано на зберігання; Сейм проголосував")
    assert withdrawal["notes_language"] == "uk"


def test_armed_conflict_description_follows_lang(api_client):
    body = api_client.get("/api/v1/armed-conflicts/", {"area": "UKR", "lang": "ru"}).json()
    assert [(c["description"], c["description_language"]) for c in body["results"]] == [
        ("Полномасштабное вторжение России в Украину", "ru")
    ]

"""Treaty, programme and admin-area texts in the language asked for, with an English fallback marked as such."""

import pytest

from kb.models import AdminArea, Area, Programme, Treaty

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

OTTAWA_UK = (
    "Конвенція про заборону застосування, накопичення запасів, виробництва і передачі протипіхотних мін та про їх "  # noqa: RUF001
    "знищення"
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
        "Вихід відкладено: держава бере участь у збройному конфлікті (ст. 20(3) Конвенції про заборону мін).",  # noqa: RUF001
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

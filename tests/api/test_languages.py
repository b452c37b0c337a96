"""Names, labels and messages in the language asked for: Accept-Language or ?lang=."""

import pytest

from tests.factories import AdminAreaFactory, AreaFactory, CasualtyRecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


@pytest.mark.parametrize(("language", "name"), [("uk", "Польща"), ("ru", "Польша"), ("en", "Poland")])
def test_lang_parameter_chooses_the_names(api_client, language, name):
    response = api_client.get(f"/api/v1/countries/POL/?lang={language}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response.json()["name"] == name
    assert response["Content-Language"] == language


def test_lang_parameter_translates_error_messages(api_client):
    response = api_client.get("/api/v1/casualties/?area=NOPE&lang=uk")
    assert response.status_code == 400
    assert "NOPE" in str(response.json()) and "Unknown" not in str(response.json())


def test_unknown_language_is_a_400_naming_the_choices(api_client):
    response = api_client.get("/api/v1/countries/?lang=de")
    assert response.status_code == 400
    assert response.json() == {"lang": ["Unknown language 'de'; use one of: en, uk, ru."]}


def test_lang_is_documented_on_every_operation(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = [parameter["name"] for parameter in operation.get("parameters", [])]
            assert "lang" in names, f"{method.upper()} {path}"


@pytest.mark.parametrize(("language", "name"), [("uk", "Сирія"), ("ru", "Сирия"), ("en", "Syria")])
def test_summary_names_areas_in_the_language_asked_for(api_client, language, name):
    response = api_client.get(f"/api/v1/casualties/summary/?area=SYR&group_by=area&lang={language}")
    assert response.status_code == 200
    assert response.json()[0]["group"]["area"] == {"iso3": "SYR", "name": name}


@pytest.mark.parametrize(("language", "name"), [("uk", "Донецька область"), ("ru", "Донецкая область")])
def test_summary_names_admin_areas_in_the_language_asked_for(api_client, language, name):
    area = AreaFactory(code="XAD")
    oblast = AdminAreaFactory(
        area=area, pcode="XAD14", name="Donetsk Oblast", name_uk="Донецька область", name_ru="Донецкая область"
    )
    CasualtyRecordFactory(area=area, admin_area=oblast, total=3)
    response = api_client.get(f"/api/v1/casualties/summary/?area=XAD&group_by=pcode&lang={language}")
    assert response.json()[0]["group"]["admin_area"] == {"pcode": "XAD14", "name": name}

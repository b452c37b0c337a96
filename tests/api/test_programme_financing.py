"""Programme financing in the API: published rows only for the public, filters, a 400 for a bad filter."""

from decimal import Decimal

import pytest

from kb.models import Programme, ProgrammeFinancing
from tests.factories import AreaFactory, SourceFactory
from tests.factories.reference import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/programme-financing/"


@pytest.fixture
def rows():
    poland, lithuania = AreaFactory(code="XFA", name="Financed land"), AreaFactory(code="XFB", name="Other land")
    usa = OrganisationFactory(name="Test Treasury", kind="government")
    source = SourceFactory()
    shield = Programme.objects.create(
        slug="test-shield", name="Test Shield", area=poland, kind="fortification", source=source, status="published"
    )
    common = {"financier": usa, "source": source, "currency": "USD"}
    return {
        "guarantee": ProgrammeFinancing.objects.create(
            slug="guarantee",
            area=poland,
            instrument="credit_guarantee",
            amount=Decimal("4000000000"),
            purpose="Armed forces",
            purpose_uk="Збройні сили",
            status="published",
            **common,
        ),
        "loan": ProgrammeFinancing.objects.create(
            slug="loan",
            area=poland,
            programme=shield,
            instrument="loan",
            amount=Decimal("1000"),
            date="2025-09-01",
            status="published",
            **common,
        ),
        "draft": ProgrammeFinancing.objects.create(
            slug="draft", area=lithuania, instrument="grant", status="draft", **common
        ),
    }


MINE = {"financier": "Test Treasury"}  # leaves the demo data's rows out


def slugs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["slug"] for row in response.json()["results"]}


def test_public_sees_published_rows_only(api_client, rows):
    assert slugs(api_client.get(URL, MINE)) == {"guarantee", "loan"}
    assert api_client.get(f"{URL}{rows['draft'].pk}/").status_code == 404


def test_staff_see_drafts(staff_client, rows):
    assert "draft" in slugs(staff_client.get(URL, MINE))


def test_row_shows_programme_financier_amount_and_source(api_client, rows):
    body = api_client.get(f"{URL}{rows['loan'].pk}/").json()
    assert body["programme"] == {"slug": "test-shield", "name": "Test Shield"}
    assert body["financier"]["name"] == "Test Treasury"
    assert (body["instrument"], body["currency"], body["date"]) == ("loan", "USD", "2025-09-01")
    assert body["source"]["slug"] == rows["loan"].source.slug


def test_purpose_in_the_readers_language(api_client, rows):
    body = api_client.get(f"{URL}{rows['guarantee'].pk}/", {"lang": "uk"}).json()
    assert (body["purpose"], body["purpose_language"]) == ("Збройні сили", "uk")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"area": "XFA"}, {"guarantee", "loan"}),
        ({"programme": "test-shield"}, {"loan"}),
        ({"instrument": "credit_guarantee"}, {"guarantee"}),
        ({"date_from": "2025-01-01"}, {"loan"}),
    ],
)
def test_filters(api_client, rows, params, expected):
    assert slugs(api_client.get(URL, {**MINE, **params})) == expected


@pytest.mark.parametrize("params", [{"instrument": "gift"}, {"area": "QQQ"}, {"date_from": "2025-13-01"}])
def test_bad_filters_are_400_with_field_errors(api_client, rows, params):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    assert next(iter(params)) in str(response.json())


def test_the_public_cannot_write(api_client, rows):
    assert api_client.post(URL, {}, format="json").status_code in (401, 403, 405)

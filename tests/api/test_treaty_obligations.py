"""Treaty obligations in the API: published rows only for the public, filters, 400s for bad filters."""

import pytest

from tests.factories import AreaFactory, TreatyObligationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/treaty-obligations/"


@pytest.fixture
def rows():
    land, other = AreaFactory(code="XOB", name="Obliged land"), AreaFactory(code="XOC", name="Other land")
    return {
        "deadline": TreatyObligationFactory(area=land, deadline="2009-03-01"),
        "extension": TreatyObligationFactory(
            area=land, kind="extension_granted", deadline="2014-03-01", submitted_on="2008-05-06", notes_uk="Надано"
        ),
        "report": TreatyObligationFactory(area=other, article="7", kind="report", deadline=None, year_covered=2019),
        "draft": TreatyObligationFactory(area=other, deadline="2010-03-01", status="draft"),
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_public_sees_published_rows_only(api_client, rows):
    shown = ids(api_client.get(URL))
    assert shown == {rows[k].pk for k in ("deadline", "extension", "report")}
    assert api_client.get(f"{URL}{rows['draft'].pk}/").status_code == 404


def test_staff_see_drafts(staff_client, rows):
    assert rows["draft"].pk in ids(staff_client.get(URL, {"area": "XOC"}))


def test_row_shows_treaty_article_dates_and_source(api_client, rows):
    body = api_client.get(f"{URL}{rows['extension'].pk}/").json()
    assert (body["treaty"], body["article"], body["obligation"], body["kind"]) == (
        "APMBC",
        "5",
        "mine clearance",
        "extension_granted",
    )
    assert (body["deadline"], body["submitted_on"], body["granted_on"]) == ("2014-03-01", "2008-05-06", None)
    assert body["area"]["iso3"] == "XOB"
    assert body["source"]["slug"] == rows["extension"].source.slug


def test_notes_in_the_readers_language(api_client, rows):
    body = api_client.get(f"{URL}{rows['extension'].pk}/", {"lang": "uk"}).json()
    assert (body["notes"], body["notes_language"]) == ("Надано", "uk")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"area": "XOB"}, {"deadline", "extension"}),
        ({"article": "7"}, {"report"}),
        ({"kind": "extension_granted"}, {"extension"}),
        ({"deadline__gte": "2010-01-01"}, {"extension"}),
        ({"deadline__lte": "2010-01-01"}, {"deadline"}),
        ({"treaty": "APMBC", "area": "XOC"}, {"report"}),
    ],
)
def test_filters(api_client, rows, params, expected):
    assert ids(api_client.get(URL, params)) == {rows[k].pk for k in expected}


@pytest.mark.parametrize(
    "params",
    [{"article": "9"}, {"kind": "promise"}, {"area": "QQQ"}, {"treaty": "NOPE"}, {"deadline__gte": "2025-13-01"}],
)
def test_bad_filters_are_400_with_field_errors(api_client, rows, params):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    assert next(iter(params)) in str(response.json())


def test_list_query_count_does_not_grow_with_rows(api_client, rows, django_assert_max_num_queries):
    for year in range(2000, 2010):
        TreatyObligationFactory(area=rows["report"].area, article="7", kind="report", deadline=None, year_covered=year)
    with django_assert_max_num_queries(12):
        assert api_client.get(URL).status_code == 200


def test_the_public_cannot_write(api_client, rows):
    assert api_client.post(URL, {}, format="json").status_code in (401, 403, 405)

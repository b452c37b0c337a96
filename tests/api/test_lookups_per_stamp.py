"""A country filter's code is looked up once per data stamp (api/filters/lists.py): the next page under the same
stamp asks the database for its rows only; once anything is written, the code is read again as stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.models import Area

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


@pytest.fixture
def stamp(monkeypatch):
    """The data stamp, held still or moved by the test (other sessions' writes would move the real one)."""
    held = {"value": "first"}
    monkeypatch.setattr("api.caching._stamp_sql", lambda: f"SELECT '{held['value']}'")
    return held


def area_lookups(api_client, **params) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/casualties/", {"area": "SYR", "limit": 5, **params})
    assert response.status_code == 200, response.content
    looked_up = [q["sql"] for q in queries.captured_queries if 'FROM "kb_area" WHERE' in q["sql"]]
    return len(looked_up), response.json()


def test_a_country_is_looked_up_once_per_data_stamp(api_client, stamp):
    assert area_lookups(api_client, year__gte=2001)[0] == 1
    count, page = area_lookups(api_client, year__gte=2002)  # another URL: not the response cache's
    assert count == 0
    assert page["results"] and {r["area"]["iso3"] for r in page["results"]} == {"SYR"}
    stamp["value"] = "second"
    assert area_lookups(api_client, year__gte=2003)[0] == 1


def test_a_renamed_code_is_found_as_stored_once_the_stamp_moves(api_client, stamp):
    area_lookups(api_client, year__gte=2001)
    Area.objects.filter(code="SYR").update(code="XSY")
    stamp["value"] = "after the rename"
    response = api_client.get("/api/v1/casualties/", {"area": "SYR", "year__gte": 2002})
    assert response.status_code == 400
    assert response.json()["area"] == ["Unknown country or area code 'SYR'."]


def test_a_code_typed_in_another_case_is_looked_up_once_per_data_stamp_too(api_client, stamp):
    first, page = area_lookups(api_client, area="syr", year__gte=2001)
    assert first >= 1 and {r["area"]["iso3"] for r in page["results"]} == {"SYR"}
    count, page = area_lookups(api_client, area="syr", year__gte=2002)
    assert count == 0
    assert page["results"] and {r["area"]["iso3"] for r in page["results"]} == {"SYR"}


def test_a_list_of_codes_as_stored_is_looked_up_in_one_query(api_client):
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/casualties/", {"area__in": "SYR,UKR,AFG", "limit": 5})
    assert response.status_code == 200, response.content
    assert {r["area"]["iso3"] for r in response.json()["results"]} <= {"SYR", "UKR", "AFG"}
    assert len([q for q in queries.captured_queries if 'FROM "kb_area" WHERE' in q["sql"]]) == 1
    mixed = api_client.get("/api/v1/casualties/", {"area__in": "syr,Ukr", "limit": 100}).json()["results"]
    assert mixed and {r["area"]["iso3"] for r in mixed} <= {"SYR", "UKR"}
    unknown = api_client.get("/api/v1/casualties/", {"area__in": "SYR,XXQ"})
    assert unknown.status_code == 400 and "XXQ" in str(unknown.json()["area__in"])

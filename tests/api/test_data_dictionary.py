"""data-dictionary/: Table Schemas generated from the column declarations describe the CSVs the API serves."""

import frictionless
import pytest

from kb.services.imports.registry import RESOURCES

pytestmark = pytest.mark.django_db


def test_index_lists_every_resource_with_its_schema_and_data(api_client):
    response = api_client.get("/api/v1/data-dictionary/")
    assert response.status_code == 200
    entries = {entry["name"]: entry for entry in response.json()["resources"]}
    assert set(entries) == set(RESOURCES)
    assert entries["areas"]["data"].endswith("/api/v1/countries/?format=csv")
    assert entries["casualties"]["schema"].endswith("/api/v1/data-dictionary/casualties/")
    assert response.json()["license"]["name"] == "CC-BY-4.0"


def test_casualty_columns_carry_types_units_enums_hxl_and_null_meaning(api_client):
    schema = api_client.get("/api/v1/data-dictionary/casualties/").json()
    fields = {field["name"]: field for field in schema["fields"]}
    assert fields["killed"]["type"] == "integer"
    assert fields["killed"]["constraints"] == {"minimum": 0}
    assert fields["killed"]["qualifiable"] is True
    assert fields["killed"]["nullMeaning"] == "Not reported: unknown, never zero."
    assert fields["killed"]["hxl"].startswith("#")
    assert fields["share_percent"]["unit"] == "percent"
    assert "improvised_mine" in fields["device_type"]["constraints"]["enum"]
    assert fields["device_type"]["nullMeaning"] == "The figure covers all values of this dimension."
    assert fields["country_code"]["constraints"]["required"] is True
    assert fields["source_url"]["type"] == "string"
    assert schema["missingValues"] == [""]


def test_area_units_come_from_the_field_names(api_client):
    fields = {f["name"]: f for f in api_client.get("/api/v1/data-dictionary/land-release/").json()["fields"]}
    assert fields["cleared_m2"]["unit"] == "m2"


def test_unknown_resource_is_a_json_404(api_client):
    response = api_client.get("/api/v1/data-dictionary/mines/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_the_csv_download_validates_against_its_schema(api_client, demo_data, one_of_each, resource, tmp_path):
    entry = next(e for e in api_client.get("/api/v1/data-dictionary/").json()["resources"] if e["name"] == resource)
    csv = b"".join(api_client.get(entry["data"].replace("http://testserver", "")).streaming_content)
    schema = api_client.get(f"/api/v1/data-dictionary/{resource}/").json()
    (tmp_path / "data.csv").write_bytes(csv)
    table = frictionless.Resource(
        path="data.csv", basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(schema)
    )
    report = table.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert len(csv.splitlines()) > 1, "no row to check"


def test_empty_cells_mean_what_the_help_text_says_and_schemas_stay_english(api_client):
    schema = api_client.get("/api/v1/data-dictionary/land-release/", {"lang": "uk"}).json()
    fields = {field["name"]: field for field in schema["fields"]}
    assert fields["operator"]["nullMeaning"] == "All operators together."
    assert fields["cleared_m2"]["title"] == "cleared (m²)"
    assert schema["title"] == "Land release records"

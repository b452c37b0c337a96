"""Bad input gets a clear 4xx in JSON and writes nothing: oversized and malformed bodies, markup and SQL in text."""

import json

import pytest

from kb.models import CasualtyRecord, Source

pytestmark = pytest.mark.django_db


def test_oversized_json_body_is_a_json_400(partner_client):
    body = json.dumps({"country_code": "XKX", "period": "2024", "source": "x", "notes": "n" * 3_000_000})
    response = partner_client.generic("POST", "/api/v1/casualties/", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_invalid_utf8_and_broken_json_are_400(partner_client):
    for body in (b'{"total": "\xff\xfe"}', b'{"total": 5', b"[1, 2"):
        response = partner_client.generic("POST", "/api/v1/casualties/", body, content_type="application/json")
        assert response.status_code == 400
        assert "detail" in response.json()


def test_markup_and_sql_are_stored_as_text_and_never_run(partner_client, admin_client):
    notes = "<script>alert(1)</script>'; DROP TABLE kb_casualtyrecord; --"
    response = partner_client.post(
        "/api/v1/casualties/",
        {"country_code": "XKX", "period": "2024", "total": 3, "source": "lm2023-impact", "notes": notes},
        format="json",
    )
    assert response.status_code == 201
    record = CasualtyRecord.objects.get(pk=response.json()["id"])
    assert record.notes == notes
    page = admin_client.get(f"/admin/kb/casualtyrecord/{record.pk}/change/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_formula_in_a_source_title_is_neutralised_in_csv(api_client, demo_data):
    Source.objects.filter(slug="lm2023-impact").update(title='=HYPERLINK("http://x","click")')
    content = b"".join(api_client.get("/api/v1/sources/", {"format": "csv"}).streaming_content).decode()
    assert "'=HYPERLINK" in content
    assert "\n=HYPERLINK" not in content and ",=HYPERLINK" not in content


def test_ten_megabyte_cell_is_refused_in_an_import():
    from kb.services.imports import ImportRejected, rows_import

    text = "country_code,period,total,source,notes\nXKX,2024,3,lm2023-impact," + "x" * 10_000_001 + "\n"
    with pytest.raises(ImportRejected) as caught:
        rows_import(resource="casualties", content=text.encode(), filename="big.csv")
    assert [(i.row, i.column) for i in caught.value.issues] == [(2, "notes")]

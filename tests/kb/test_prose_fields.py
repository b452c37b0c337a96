"""Free text (notes, quotes, reasons, descriptions): one length limit everywhere, line breaks stored as `\n`, so what
the admin saves downloads and imports again unchanged."""

import pytest
from django.urls import reverse

from kb.models import CasualtyRecord, Source
from kb.models.fields import MAX_TEXT_CHARS
from kb.services.imports import rows_import
from tests.admin.forms import casualty_add_data
from tests.factories import AreaFactory, SourceFactory

pytestmark = pytest.mark.django_db

HEADER = "country_code,period,total,source,notes\n"


def admin_add(admin_client, notes: str):
    area = AreaFactory(code="XPF", name="Prose test", kind="country")
    return admin_client.post(reverse("admin:kb_casualtyrecord_add"), casualty_add_data(area, notes=notes))


def test_a_note_typed_in_the_admin_keeps_its_line_breaks_as_newlines(admin_client):
    response = admin_add(admin_client, "First line.\r\nSecond line.")
    assert response.status_code == 302
    assert CasualtyRecord.objects.get(area__code="XPF").notes == "First line.\nSecond line."


def test_the_admin_refuses_text_longer_than_an_import_reads(admin_client):
    response = admin_add(admin_client, "x" * (MAX_TEXT_CHARS + 1))
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["notes"]
    assert f"at most {MAX_TEXT_CHARS} characters" in error
    assert admin_add(admin_client, "x" * MAX_TEXT_CHARS).status_code == 302


@pytest.mark.parametrize("bulk", [False, True])
def test_an_imported_cell_with_carriage_returns_is_stored_with_newlines(bulk):
    AreaFactory(code="XPF", name="Prose test", kind="country")
    row = 'XPF,2021,12,lm2022-impact,"Typed on Windows:\r\nsecond line\rthird line"\r\n'
    rows_import(resource="casualties", content=(HEADER + row).encode(), filename="f.csv", bulk=bulk)
    assert CasualtyRecord.objects.get(area__code="XPF").notes == "Typed on Windows:\nsecond line\nthird line"


def test_text_saved_by_any_other_way_is_stored_with_newlines():
    source = SourceFactory(notes="A\r\nB\rC")
    source.refresh_from_db()
    assert source.notes == "A\nB\nC"
    assert Source.objects.filter(notes__contains="\r").count() == 0

"""Real files from tests/data/ through kb_import and the admin upload: good files land, bad files change nothing."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from kb.models import CasualtyRecord, ImportBatch

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[3] / "data"

# file -> (row, column) the report must name; row None for a file-level problem
BAD_FILES = {
    "casualties-unknown-country.csv": (5, "country_code"),
    "casualties-negative-count.csv": (5, "total"),
    "casualties-non-numeric-count.csv": (5, "total"),
    "casualties-killed-more-than-total.csv": (5, ""),
    "casualties-unparseable-period.csv": (5, "period"),
    "casualties-duplicate-row.csv": (5, "country_code, period, civilian_status, age_group, device_type, source"),
    "casualties-unknown-source.csv": (5, "source"),
    "casualties-semicolon-delimiter.csv": (1, ""),
    "casualties-too-many-cells.csv": (5, ""),
    "casualties-formula-injection.csv": (5, "total"),
    "casualties-wrong-encoding.csv": (None, ""),
    "casualties-truncated.xlsx": (None, ""),
    "casualties-damaged-sheet.xlsx": (None, ""),  # a number cell holding text: openpyxl fails only when reading rows
}


def tables_checksum() -> str:
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in ("kb_casualtyrecord", "kb_citation", "kb_casualtyrecordevent"):
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # fixed table names, not input
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


@pytest.mark.parametrize(("name", "where"), sorted(BAD_FILES.items()))
def test_bad_file_through_the_command(name, where):
    before, count = tables_checksum(), CasualtyRecord.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("kb_import", "casualties", str(DATA / "bad" / name))
    assert tables_checksum() == before
    assert CasualtyRecord.objects.count() == count
    row, column = where
    message = str(caught.value)
    if row is not None:
        assert f"row {row}" in message
    if column:
        assert f"column '{column}'" in message


@pytest.mark.parametrize(("name", "where"), sorted(BAD_FILES.items()))
def test_bad_file_through_the_admin_upload(admin_client, name, where):
    before = tables_checksum()
    upload = SimpleUploadedFile(name, (DATA / "bad" / name).read_bytes())
    response = admin_client.post(reverse("admin:kb_casualtyrecord_import"), {"file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("created_at")
    assert batch.status == "rejected"
    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    assert "the file was rejected" in page.content.decode().lower()
    row, column = where
    assert any(error["row"] == row and error["column"] == column for error in page.context["errors"])
    assert tables_checksum() == before


@pytest.mark.parametrize("name", ["casualties-good.csv", "casualties-good.xlsx"])
def test_good_file_through_the_command(name):
    call_command("kb_import", "casualties", str(DATA / name), verbosity=0)
    records = CasualtyRecord.objects.filter(area__code="XKX")
    assert records.count() == 4
    assert set(records.values_list("status", flat=True)) == {"draft"}
    assert records.get(year=2022, civilian_status=None, device_type=None).qualifiers == {"total": "at_least"}
    batch = ImportBatch.objects.latest("created_at")
    assert (batch.status, batch.totals["new"]) == ("applied", 4)


def test_admin_upload_preview_then_confirm(admin_client):
    upload = SimpleUploadedFile("casualties-good.csv", (DATA / "casualties-good.csv").read_bytes())
    response = admin_client.post(reverse("admin:kb_casualtyrecord_import"), {"file": upload})
    preview = admin_client.get(response["Location"])
    assert preview.context["can_apply"] is True
    assert [r["outcome"] for r in preview.context["rows"]] == ["new", "new", "new", "new"]
    assert not CasualtyRecord.objects.filter(area__code="XKX").exists()  # the preview wrote nothing
    batch = preview.context["batch"]
    admin_client.post(reverse("admin:kb_importbatch_apply", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.totals) == ("applied", {"new": 4, "changed": 0, "unchanged": 0})
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 4
    # A second upload of a changed file previews the field-level diff.
    changed = (DATA / "casualties-good.csv").read_text().replace("XKX,2021,,,,41,12,29", "XKX,2021,,,,42,12,29")
    response = admin_client.post(
        reverse("admin:kb_casualtyrecord_import"), {"file": SimpleUploadedFile("fix.csv", changed.encode())}
    )
    rows = admin_client.get(response["Location"]).context["rows"]
    assert rows[0]["outcome"] == "changed" and rows[0]["diff"] == {"total": ["41", "42"]}
    assert [r["outcome"] for r in rows[1:]] == ["unchanged"] * 3


def test_a_batch_is_applied_once(admin_client):
    upload = SimpleUploadedFile("casualties-good.csv", (DATA / "casualties-good.csv").read_bytes())
    response = admin_client.post(reverse("admin:kb_casualtyrecord_import"), {"file": upload})
    batch = admin_client.get(response["Location"]).context["batch"]
    admin_client.post(reverse("admin:kb_importbatch_apply", args=[batch.pk]))
    admin_client.post(reverse("admin:kb_importbatch_apply", args=[batch.pk]))
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 4


def test_admin_export_follows_the_changelist_filters(admin_client, demo_data):
    url = reverse("admin:kb_casualtyrecord_export")
    response = admin_client.get(url, {"area__kind__exact": "country", "year": "2022", "_format": "hxl"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="casualties-hxl.csv"'
    lines = b"".join(response.streaming_content).decode().splitlines()  # streamed, in constant memory
    assert lines[1].startswith("#meta+id,#meta+version,#country+code,#loc+code,#meta+period")
    assert sorted(line.split(",")[2] for line in lines[2:]) == ["MMR", "SYR", "UKR", "YEM"]
    xlsx = admin_client.get(url, {"_format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_admin_export_reimports_unchanged(admin_client, demo_data):
    exported = b"".join(
        admin_client.get(reverse("admin:kb_casualtyrecord_export"), {"_format": "csv"}).streaming_content
    )
    response = admin_client.post(
        reverse("admin:kb_casualtyrecord_import"), {"file": SimpleUploadedFile("export.csv", exported)}
    )
    batch = admin_client.get(response["Location"]).context["batch"]
    assert batch.totals == {"new": 0, "changed": 0, "unchanged": CasualtyRecord.objects.count()}


def test_admin_import_history_names_the_user_and_batch(admin_client, admin_user):
    from kb.services.history import record_history_list

    upload = SimpleUploadedFile("casualties-good.csv", (DATA / "casualties-good.csv").read_bytes())
    response = admin_client.post(reverse("admin:kb_casualtyrecord_import"), {"file": upload})
    batch = admin_client.get(response["Location"]).context["batch"]
    admin_client.post(reverse("admin:kb_importbatch_apply", args=[batch.pk]))
    [entry] = record_history_list(CasualtyRecord.objects.get(area__code="XKX", year=2021))
    assert (entry.user, entry.channel, entry.batch) == (admin_user.username, "import", batch.pk)

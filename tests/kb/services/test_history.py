"""History of every change (admin, import, QuerySet.update), batch revert and the as-of view."""

import datetime as dt
from pathlib import Path

import pghistory
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kb.models import CasualtyRecord, ImportBatch
from kb.services.batch_revert import import_batch_revert
from kb.services.history import event_model_for, record_history_list, records_as_of
from tests.admin.forms import period_fields
from tests.factories import AreaFactory, CasualtyRecordFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "data"


def change_form_data(record, **changes) -> dict:
    data = {
        "area": record.area_id,
        "admin_area": "",
        **period_fields(record.period),
        "total": record.total or "",
        "killed": record.killed or "",
        "injured": record.injured or "",
        "fate_unknown": record.fate_unknown or "",
        "share_percent": "",
        "share_of": "",
        "share_basis": "",
        "notes": record.notes,
        "is_preferred": "on" if record.is_preferred else "",
        "preference_reason": record.preference_reason,
        "source": record.source_id,
        "source_locator": record.source_locator,
        "source_quote": "",
        "seen_version": record.version,
        "change_reason": "",
        "kb-citation-content_type-object_id-TOTAL_FORMS": "0",
        "kb-citation-content_type-object_id-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_admin_edit_records_user_channel_reason_and_changed_fields(admin_client, admin_user):
    record = CasualtyRecordFactory(area=AreaFactory(code="XHS"), status="draft", total=10)
    url = reverse("admin:kb_casualtyrecord_change", args=[record.pk])
    response = admin_client.post(url, change_form_data(record, total="11", change_reason="Typo in the total"))
    assert response.status_code == 302
    last = record_history_list(record)[-1]
    assert (last.label, last.user, last.channel, last.reason) == (
        "update",
        admin_user.username,
        "admin",
        "Typo in the total",
    )
    assert last.changes["total"] == [10, 11]


def test_queryset_update_is_recorded():
    record = CasualtyRecordFactory(area=AreaFactory(code="XHU"), total=10)
    CasualtyRecord.objects.filter(pk=record.pk).update(total=12)
    last = record_history_list(record)[-1]
    assert last.changes["total"] == [10, 12]
    assert last.channel == ""  # no request, no import: shown as "shell or script"


def test_import_records_the_batch_and_can_be_reverted():
    call_command("kb_import", "casualties", str(DATA / "casualties-good.csv"), verbosity=0)
    batch = ImportBatch.objects.latest("created_at")
    record = CasualtyRecord.objects.get(area__code="XKX", year=2021)
    [created] = record_history_list(record)
    assert (created.label, created.channel, created.batch) == ("insert", "import", batch.pk)
    counts = import_batch_revert(batch=batch, by=None)
    assert counts["deleted"] == 4
    assert not CasualtyRecord.objects.filter(area__code="XKX").exists()
    batch.refresh_from_db()
    assert batch.status == "reverted"


def test_revert_restores_changed_values():
    call_command("kb_import", "casualties", str(DATA / "casualties-good.csv"), verbosity=0)
    changed = (DATA / "casualties-good.csv").read_text().replace("XKX,2021,,,,41,12,29", "XKX,2021,,,,42,12,29")
    path = Path(DATA.parent / "tmp-changed.csv")
    try:
        path.write_text(changed)
        call_command("kb_import", "casualties", str(path), verbosity=0)
    finally:
        path.unlink()
    assert CasualtyRecord.objects.get(area__code="XKX", year=2021).total == 42
    import_batch_revert(batch=ImportBatch.objects.latest("created_at"), by=None)
    assert CasualtyRecord.objects.get(area__code="XKX", year=2021).total == 41


def test_revert_is_refused_when_a_record_changed_since():
    call_command("kb_import", "casualties", str(DATA / "casualties-good.csv"), verbosity=0)
    # A later edit by someone else (its own context, as a separate request or session would have).
    with pghistory.context(channel="admin"):
        CasualtyRecord.objects.filter(area__code="XKX", year=2021).update(notes="edited after the import")
    with pytest.raises(ValidationError, match="changed after this import"):
        import_batch_revert(batch=ImportBatch.objects.latest("created_at"), by=None)
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 4


def test_revert_is_refused_while_records_added_since_use_what_the_import_added(tmp_path, admin_client):
    from kb.models import Source

    path = tmp_path / "sources.csv"
    path.write_text("slug,kind,title,language\nrevert-me,report,Imported report,en\n")
    call_command("kb_import", "sources", str(path), verbosity=0)
    batch = ImportBatch.objects.latest("created_at")
    with pghistory.context(channel="admin"):  # a later session's (this test is one transaction)
        citing = CasualtyRecordFactory(source=Source.objects.get(slug="revert-me"))  # the source itself is unchanged
    used = rf"source \d+, which this import added, is used by records added since \(casualty record {citing.pk}\)"
    with pytest.raises(ValidationError, match=used):
        import_batch_revert(batch=batch, by=None)
    assert Source.objects.filter(slug="revert-me").exists()
    response = admin_client.post(
        reverse("admin:kb_importbatch_changelist"), {"action": "revert_batches", "_selected_action": [batch.pk]}
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "applied"


def test_admin_revert_action_needs_a_reviewer(client, editor, reviewer):
    call_command("kb_import", "casualties", str(DATA / "casualties-good.csv"), verbosity=0)
    batch = ImportBatch.objects.latest("created_at")
    url = reverse("admin:kb_importbatch_changelist")
    client.force_login(editor)
    client.post(url, {"action": "revert_batches", "_selected_action": [batch.pk]})
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 4
    client.force_login(reviewer)
    client.post(url, {"action": "revert_batches", "_selected_action": [batch.pk]})
    assert CasualtyRecord.objects.filter(area__code="XKX").count() == 0


def test_as_of_shows_what_was_published_then(api_client):
    record = CasualtyRecordFactory(area=AreaFactory(code="XAO", name="As-of land"), total=100)
    # The test runs in one transaction, where PostgreSQL's now() stands still: date the first version back.
    event_model = event_model_for(CasualtyRecord)
    event_model.objects.filter(pgh_obj_id=record.pk).update(pgh_created_at=timezone.now() - dt.timedelta(hours=2))
    first_published = timezone.now() - dt.timedelta(hours=1)
    CasualtyRecord.objects.filter(pk=record.pk).update(total=120)
    assert [s.total for s in records_as_of(CasualtyRecord, first_published).filter(area__code="XAO")] == [100]
    then = api_client.get("/api/v1/casualties/", {"area": "XAO", "as_of": first_published.isoformat()}).json()
    now = api_client.get("/api/v1/casualties/", {"area": "XAO"}).json()
    assert [r["total"] for r in then["results"]] == [100]
    assert [r["total"] for r in now["results"]] == [120]
    CasualtyRecord.objects.filter(pk=record.pk).update(status="retracted", retraction_reason="wrong")
    later = api_client.get("/api/v1/casualties/", {"area": "XAO", "as_of": timezone.now().isoformat()}).json()
    assert later["results"] == []
    before = (first_published - dt.timedelta(days=2)).date().isoformat()
    assert api_client.get("/api/v1/casualties/", {"area": "XAO", "as_of": before}).json()["results"] == []


def test_history_page_in_the_admin(admin_client, demo_data):
    record = CasualtyRecord.objects.filter(area__code="WLD").first()
    response = admin_client.get(reverse("admin:kb_casualtyrecord_history", args=[record.pk]))
    assert response.status_code == 200
    assert response.context["entries"][0].label == "insert"


def test_an_as_of_date_means_the_end_of_that_day():
    from kb.services.history import moment_parse

    end_of_day = dt.datetime(2026, 12, 3, 23, 59, 59, 999999, tzinfo=dt.UTC)
    assert moment_parse("2026-12-03") == moment_parse("20261203") == end_of_day  # ISO 8601 extended and basic
    assert moment_parse("2026-12-03T10:00:00") == dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC)
    assert moment_parse("1970-05-18T03:05:03+21:00") == dt.datetime(1970, 5, 17, 6, 5, 3, tzinfo=dt.UTC)
    for impossible in ("2026-02-30", "0001-01-01T00:00:00+01:00"):
        with pytest.raises(ValueError):
            moment_parse(impossible)


def test_as_of_with_any_utc_offset_python_reads_is_answered(api_client):
    response = api_client.get("/api/v1/programmes/", {"as_of": "2019-05-04T02:13:39.994-22:48"})
    assert response.status_code == 200


def test_as_of_today_shows_what_was_published_today(api_client):
    record = CasualtyRecordFactory(area=AreaFactory(code="XTD"), total=4)
    today = timezone.now().date().isoformat()
    rows = api_client.get("/api/v1/casualties/", {"area": "XTD", "as_of": today}).json()["results"]
    assert [row["id"] for row in rows] == [record.pk]

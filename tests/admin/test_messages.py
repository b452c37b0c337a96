"""Confirmation messages are sentences with counted nouns, in the reader's language (no Python dicts)."""

from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from kb.admin.messages import MSG_PUBLISHED, import_totals_message
from kb.models import ImportBatch
from tests.factories import AreaFactory, CasualtyRecordFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_applying_an_import_says_what_it_did(admin_client):
    upload = SimpleUploadedFile("casualties-good.csv", (DATA / "casualties-good.csv").read_bytes())
    preview = admin_client.post(reverse("admin:kb_casualtyrecord_import"), {"file": upload})
    batch = admin_client.get(preview["Location"]).context["batch"]
    response = admin_client.post(reverse("admin:kb_importbatch_apply", args=[batch.pk]))
    assert said(response) == ["Imported: 4 new records, 0 records changed, 0 records unchanged."]


def test_reverting_an_import_says_what_it_undid(admin_client):
    call_command("kb_import", "casualties", str(DATA / "casualties-good.csv"), verbosity=0)
    batch = ImportBatch.objects.latest("created_at")
    url = reverse("admin:kb_importbatch_changelist")
    response = admin_client.post(url, {"action": "revert_batches", "_selected_action": [batch.pk]})
    expected = f"{batch.filename} reverted: 4 records deleted, 0 records restored, 0 records re-created."
    assert said(response) == [expected]


def test_an_action_counts_in_the_singular_and_plural(admin_client):
    area = AreaFactory(code="XMS")
    first = CasualtyRecordFactory(area=area, total=1, status="draft")
    url = reverse("admin:kb_casualtyrecord_changelist")
    response = admin_client.post(url, {"action": "submit_for_review", "_selected_action": [first.pk]})
    assert said(response) == ["1 record submitted for review."]
    assert MSG_PUBLISHED % {"count": 3} == "3 records published."


def test_messages_are_translated_with_the_languages_plural_forms():
    with translation.override("uk"):
        assert import_totals_message({"new": 1, "changed": 2, "unchanged": 5}) == (
            "Імпортовано: 1 новий запис, 2 записи змінено, 5 записів без змін."
        )
    with translation.override("ru"):
        assert MSG_PUBLISHED % {"count": 21} == "21 запись опубликована."

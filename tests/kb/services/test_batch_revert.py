"""Reverting an import batch goes set by set (kb/services/batch_revert.py): a bulk batch of new records is checked
for later changes and deleted in a number of statements that does not grow with its rows. Record by record, a few
statements each, a 250,000-row file took longer than any request may."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.models import CasualtyRecord, ImportBatch, ImportBatchStatusChoices
from kb.services.batch_revert import import_batch_revert
from kb.services.imports import rows_import
from tests.factories.reference import AreaFactory
from tests.kb.services.imports.test_bulk import CASUALTY_HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(db):
    return AreaFactory(code="XKX", name="Kosovo (test)")


def bulk_batch(years: range) -> ImportBatch:
    """A bulk import of one figure a month over `years`, as its own applied batch."""
    batch = ImportBatch.objects.create(
        resource="casualties", filename="f.csv", content=b"", status=ImportBatchStatusChoices.APPLIED
    )
    rows = "".join(f"XKX,,{y}-{m:02},,,,,{m},,,,,,,,,lm2022-impact,,,\n" for y in years for m in range(1, 13))
    rows_import(
        resource="casualties",
        content=(CASUALTY_HEADER + rows).encode(),
        filename="f.csv",
        bulk=True,
        batch_id=batch.pk,
        initial_status="published",
    )
    return batch


def statements_to_revert(batch) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        counts = import_batch_revert(batch=batch, by=None)
    return len(queries), counts


def test_a_bulk_batch_reverts_in_statements_that_do_not_grow_with_its_rows(area, demo_data):
    small = bulk_batch(range(2000, 2005))
    small_statements, small_counts = statements_to_revert(small)
    large = bulk_batch(range(1980, 2020))
    large_statements, large_counts = statements_to_revert(large)
    assert (small_counts["deleted"], large_counts["deleted"]) == (60, 480)
    assert not CasualtyRecord.objects.filter(area=area).exists()
    # Django deletes 100 rows a statement: 420 rows more may cost a few statements more, not hundreds.
    assert large_statements - small_statements <= 10, (small_statements, large_statements)
    large.refresh_from_db()
    assert large.status == ImportBatchStatusChoices.REVERTED


def test_the_command_reverts_a_batch_under_a_reviewers_name(area, demo_data, reviewer, editor):
    from django.core.management import CommandError, call_command

    batch = bulk_batch(range(2000, 2002))
    with pytest.raises(CommandError, match="may not revert imports"):
        call_command("kb_revert_import", str(batch.pk), "--user", editor.username)
    with pytest.raises(CommandError, match="No import batch 0"):
        call_command("kb_revert_import", "0")
    out = io.StringIO()
    call_command("kb_revert_import", str(batch.pk), "--user", reviewer.username, stdout=out)
    assert out.getvalue().strip() == "f.csv reverted: 24 records deleted, 0 records restored, 0 records re-created."
    batch.refresh_from_db()
    assert (batch.status, batch.reverted_by) == (ImportBatchStatusChoices.REVERTED, reviewer)
    with pytest.raises(CommandError, match="Only an applied batch can be reverted; this one is reverted"):
        call_command("kb_revert_import", str(batch.pk))


def test_a_batch_whose_new_rows_refer_to_each_other_reverts_whole(demo_data):
    """A raion the file adds under an oblast it also adds: the set's delete is refused by the protected parent link,
    so the rows go one by one, newest first, the raion before its oblast, as the revert always did."""
    from django.core.management import call_command

    from kb.models import AdminArea

    before = AdminArea.objects.count()
    call_command("kb_import", "admin-areas", "fixtures/examples/admin-areas.csv", verbosity=0)
    assert AdminArea.objects.count() == before + 3
    counts = import_batch_revert(batch=ImportBatch.objects.latest("created_at"), by=None)
    assert counts["deleted"] == 3
    assert AdminArea.objects.count() == before


def test_a_revert_reports_its_progress_chunk_by_chunk(area, demo_data, monkeypatch):
    monkeypatch.setattr("kb.services.batch_revert.DELETE_CHUNK", 100)
    batch = bulk_batch(range(1990, 2000))  # 120 new records: two chunks
    heard = []
    import_batch_revert(batch=batch, by=None, progress=lambda done, total: heard.append((done, total)))
    assert heard == [(100, 120), (120, 120)]

"""Seeding never destroys data: an empty table takes the file, a filled one only gains its missing rows."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from kb.models import CasualtyRecord, Citation, Source, UseReport
from kb.services.records import record_update
from kb.services.seeding import SeedFile, SeedRejected, seed_files_load, seed_files_read

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _world_2022():
    return CasualtyRecord.objects.get(
        area__code="WLD", year=2022, source__slug="lm2023-impact", civilian_status=None, age_group=None
    )


def test_a_second_seed_keeps_a_reviewers_edit_added_citations_and_restores_only_what_is_missing(admin_user):
    record = _world_2022()
    record_update(record=record, changes={"total": "4800", "notes": "corrected"}, by=admin_user, expected_version=None)
    Citation.objects.create(record=record, source=Source.objects.get(slug="lm2021-impact"), locator="p. 9")
    women = {"area__code": "WLD", "year": 2022, "sex": "female", "civilian_status": None, "age_group": None}
    deleted = CasualtyRecord.objects.get(**women)
    deleted.delete()
    versions = dict(CasualtyRecord.objects.values_list("pk", "version"))

    out = io.StringIO()
    call_command("kb_seed_demo", stdout=out)

    record.refresh_from_db()
    assert (record.total, record.notes) == (4800, "corrected")
    assert record.citations.filter(locator="p. 9").exists()
    assert {pk: v for pk, v in CasualtyRecord.objects.values_list("pk", "version") if pk in versions} == versions
    restored = CasualtyRecord.objects.get(**women)
    assert restored.pk != deleted.pk and restored.total == deleted.total
    line = next(line for line in out.getvalue().splitlines() if line.startswith("demo/casualties.csv"))
    assert "added 1 missing rows" in line and "(1 differ from the file and were left as they are)" in line


def test_an_empty_table_takes_the_whole_file_and_a_second_load_adds_nothing():
    files = seed_files_read(base=FIXTURES, files=[("use-reports", "examples/use-reports.csv")])
    assert not UseReport.objects.exists()
    [first] = seed_files_load(files=files)
    assert (first.loaded, first.added) == (True, UseReport.objects.count())
    assert first.describe().endswith(f"loaded {first.added} rows into an empty table")
    [second] = seed_files_load(files=files)
    assert (second.loaded, second.added, second.kept, second.differing) == (False, 0, first.added, 0)


def test_a_bad_file_names_itself_and_writes_nothing():
    good = seed_files_read(base=FIXTURES, files=[("use-reports", "examples/use-reports.csv")])
    bad = SeedFile(resource="use-reports", name="bad.csv", content=b"country_code,period,source\nQQQ,2020,x\n")
    with pytest.raises(SeedRejected) as caught:
        seed_files_load(files=[*good, bad])
    assert str(caught.value).startswith("bad.csv rejected:")
    assert not UseReport.objects.exists()

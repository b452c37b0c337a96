"""kb_import, kb_export, kb_seed_demo, kb_demo_user and kb_release."""

import io

import pytest
from django.core import checks
from django.core.management import CommandError, call_command, load_command_class

from kb.models import Release, TreatyAction

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent():
    out = io.StringIO()
    call_command("kb_seed_demo", stdout=out)
    assert "added 0 missing rows" in out.getvalue()
    assert " new" not in out.getvalue() and "loaded" not in out.getvalue()
    assert TreatyAction.objects.published().count() == 22


def test_seed_with_the_public_record_adds_it_beside_the_demo_and_keeps_the_demo_preference(demo_data):
    from kb.models import CasualtyRecord

    preferred_before = set(CasualtyRecord.objects.filter(is_preferred=True).values_list("pk", flat=True))
    out = io.StringIO()
    call_command("kb_seed_demo", "--public", stdout=out)
    assert "public/casualties.csv" in out.getvalue() and "public/treaty-actions.csv" in out.getvalue()
    assert CasualtyRecord.objects.filter(source__slug__startswith="lm").count() > 500
    assert TreatyAction.objects.published().count() > 150
    # stored figures keep their preference: an added figure is preferred only in a cell that had none
    assert preferred_before <= set(CasualtyRecord.objects.filter(is_preferred=True).values_list("pk", flat=True))
    again = io.StringIO()
    call_command("kb_seed_demo", "--public", stdout=again)
    lines = again.getvalue().splitlines()
    assert lines and all("added 0 missing rows" in line for line in lines)


def test_kb_import_dry_run_and_real(tmp_path):
    path = tmp_path / "actions.csv"
    path.write_text("treaty,country_code,action,date,source\nCCM,POL,signature,2008-12-03,monitor-poland-2017\n")
    out = io.StringIO()
    call_command("kb_import", "treaty-actions", str(path), "--dry-run", stdout=out)
    assert out.getvalue().startswith("Dry run, nothing written: would import actions.csv into treaty-actions: 1 new")
    assert "batch" not in out.getvalue()
    assert not TreatyAction.objects.filter(treaty__code="CCM").exists()
    call_command("kb_import", "treaty-actions", str(path), stdout=io.StringIO())
    assert TreatyAction.objects.get(treaty__code="CCM").status == "draft"


def test_kb_import_error_names_row_and_column(tmp_path):
    path = tmp_path / "actions.csv"
    path.write_text("treaty,country_code,action,date,source\nCCM,QQQ,signature,2008-12-03,monitor-poland-2017\n")
    with pytest.raises(CommandError, match=r"row 2, column 'country_code', value 'QQQ': Unknown country code 'QQQ'\."):
        call_command("kb_import", "treaty-actions", str(path))


def test_kb_import_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("kb_import", "treaty-actions", str(tmp_path / "nope.csv"))


def test_kb_export_writes_the_import_format(tmp_path):
    path = tmp_path / "out.csv"
    call_command("kb_export", "treaties", "--format", "hxl", "--output", str(path))
    lines = path.read_text().splitlines()
    assert lines[0].startswith("code,name,short_name")
    assert lines[1].startswith("#meta+treaty+code")
    assert len(lines) == 5


@pytest.fixture
def failing_system_check():
    def failing(app_configs, **kwargs):
        return [checks.Error("A check that fails.", id="kb.E999")]

    checks.register(failing)
    yield
    checks.registry.registry.registered_checks.discard(failing)


def run_from_the_shell(name: str, *argv: str) -> None:
    """As `manage.py <name> ...` runs it: call_command would skip the checks for any command."""
    command = load_command_class("kb", name)
    command.execute(**vars(command.create_parser("manage.py", name).parse_args(argv)))


def test_data_commands_run_without_the_system_checks(tmp_path, failing_system_check):
    """A data command (kb/management/data_command.py) skips Django's system checks, 1-2 s of each run spent loading
    every view (`manage.py check` and every server start still run them)."""
    path = tmp_path / "actions.csv"
    path.write_text("treaty,country_code,action,date,source\nCCM,POL,signature,2008-12-03,monitor-poland-2017\n")

    run_from_the_shell("kb_import", "treaty-actions", str(path), "-v", "0")
    run_from_the_shell("kb_export", "treaties", "--output", str(tmp_path / "out.csv"))

    assert TreatyAction.objects.filter(treaty__code="CCM").exists()
    assert (tmp_path / "out.csv").read_text().startswith("code,name,short_name")
    assert not load_command_class("kb", "kb_import_geo").requires_system_checks


def test_demo_user_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("kb_demo_user")


def test_demo_user_prints_a_fresh_password(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("kb_demo_user", stdout=out)
    call_command("kb_demo_user", stdout=out)
    first, second = out.getvalue().splitlines()
    assert first != second  # a new random password each time
    assert "username 'demo'" in first


def test_kb_release_publishes_and_writes_the_archive(tmp_path):
    out = io.StringIO()
    call_command("kb_release", "2026-12", "--as-of", "2026-01-01", "--output", str(tmp_path / "r.zip"), stdout=out)
    release = Release.objects.get(name="2026-12")
    assert (tmp_path / "r.zip").read_bytes() == bytes(release.archive)
    assert release.as_of.date().isoformat() == "2026-01-01"
    assert "Published release 2026-12" in out.getvalue()
    with pytest.raises(CommandError, match="already exists"):
        call_command("kb_release", "2026-12", stdout=io.StringIO())
    call_command("kb_release", "2027-01", "--dry-run", stdout=io.StringIO())
    assert not Release.objects.filter(name="2027-01").exists()

"""A base backup plus the archived WAL restores the database to a chosen moment: the rows written before it are
there, none written after it, and the restored server accepts writes (scripts/pitr_check.py, about 30 s)."""

from tests.operations.scripts import script_run


def test_a_base_backup_and_archived_wal_restore_the_database_to_a_moment(test_database_url):
    done = script_run("scripts/pitr_check.py", "--from-database", test_database_url, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "5 of 5 sources written before it, 0 of 3 written after it; writable after promotion: True" in done.stdout

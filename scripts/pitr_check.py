"""Point-in-time recovery, tested: a base backup and the archived WAL bring the database back to a chosen moment.

Run with `make pitr-check` (own throwaway cluster on loopback, about a minute, removed afterwards). It starts a
primary that archives every WAL segment (archive_mode, archive_command copying to a folder), copies the project's
schema into it, takes a base backup (pg_basebackup), then writes sources (kb_source), notes the time, writes more,
and switches WAL so the last segment is archived too. It restores the base backup into a new data directory with
restore_command (from the archive), recovery_target_time = the noted time and recovery_target_action = promote, starts
it, and checks that it has every source written before the time, none written after, and accepts writes.

    scripts/pitr_check.py --from-database URL   # a migrated database: its schema is copied (pg_dump --schema-only)
    scripts/pitr_check.py                       # without: migrate the new primary (slower)
"""

import argparse
import os
import shutil
import sys
import time

from cluster.postgres import Cluster, as_postgres, base_backup, database_copy, owned_folder, primary_create
from cluster.processes import Workspace, free_port, manage, run, wait_until

BEFORE, AFTER = 5, 3  # sources written before the recovery target, and after it


def sources_write(primary: Cluster, label: str, count: int) -> None:
    """`count` sources, one transaction each (each commit a point in time)."""
    for n in range(count):
        primary.sql(
            "INSERT INTO kb_source (created_at, updated_at, slug, kind, title, publisher, url, language, notes, "
            f"reviewed) VALUES (now(), now(), 'pitr-{label}-{n}', 'report', 'Recovery test {label} {n}', '', '', "
            "'en', '', false)"
        )


def slugs(cluster: Cluster) -> set[str]:
    return set(cluster.sql("SELECT slug FROM kb_source WHERE slug LIKE 'pitr-%'").split())


def archived(primary: Cluster, segment: str) -> bool:
    last = primary.sql("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver", database="postgres")
    return last >= segment


def restore(workspace: Workspace, base: str, archive: str, target: str) -> Cluster:
    """A new data directory from the base backup, recovering from the archive up to `target`, then promoted."""
    restored = Cluster(workspace.path / "restored", free_port(), "restored")
    owned_folder(restored.datadir)
    run(*as_postgres(["cp", "-a", f"{base}/.", restored.datadir]))
    shutil.rmtree(restored.datadir / "pg_wal", ignore_errors=True)  # nothing but the archive: as after a disaster
    owned_folder(restored.datadir / "pg_wal")
    restored.configure(
        {
            "archive_mode": "off",
            "restore_command": f"cp {archive}/%f %p",
            "recovery_target_time": target,
            "recovery_target_action": "promote",
        }
    )
    restored.write("recovery.signal", "")
    restored.start(wait_seconds=120)
    workspace.on_close("restored", lambda: restored.stop("immediate"))
    wait_until("promotion", lambda: restored.sql("SELECT pg_is_in_recovery()", database="postgres") == "f", 60)
    return restored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from-database", metavar="URL", help="copy the schema of this migrated database")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder afterwards")
    args = parser.parse_args()
    started = time.monotonic()
    with Workspace("kb-pitr-", keep=args.keep) as workspace:
        archive = owned_folder(workspace.path / "archive")
        settings = {"archive_mode": "on", "archive_command": f"test ! -f {archive}/%f && cp %p {archive}/%f"}
        primary = primary_create(workspace.path / "primary", free_port(), settings)
        workspace.on_close("primary", lambda: primary.stop("immediate"))
        if args.from_database:
            database_copy(primary, args.from_database, workspace.path / "schema.dump", schema_only=True)
        else:
            env = {**os.environ, "DATABASE_URL": primary.url(), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
            manage("migrate", "--no-input", "-v", "0", env=env)
        base = base_backup(primary, workspace.path / "base")
        sources_write(primary, "before", BEFORE)
        target = primary.sql("SELECT clock_timestamp()")
        time.sleep(1.5)
        sources_write(primary, "after", AFTER)
        segment = primary.sql("SELECT pg_walfile_name(pg_switch_wal())", database="postgres")
        wait_until("archiving of the last WAL segment", lambda: archived(primary, segment), 60)
        primary.stop("immediate")  # the disaster: only the base backup and the archive are left

        restored = restore(workspace, str(base), str(archive), target)
        found = slugs(restored)
        expected = {f"pitr-before-{n}" for n in range(BEFORE)}
        sources_write(restored, "restored", 1)
        writable = "pitr-restored-0" in slugs(restored)
    ok = found == expected and writable
    print(
        f"recovered to {target}: {len(found & expected)} of {BEFORE} sources written before it, "
        f"{len(found - expected)} of {AFTER} written after it; writable after promotion: {writable}"
    )
    print(f"point-in-time recovery: {'OK' if ok else 'FAILED'} ({time.monotonic() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

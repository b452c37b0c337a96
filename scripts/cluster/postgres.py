"""A PostgreSQL cluster of the check's own (initdb in a temporary folder, loopback only, trust): a primary that
streams to standbys and archives its WAL, standbys made with pg_basebackup, and SQL through psql. PostgreSQL refuses
to run as root: as root its commands run as the postgres user."""

import os
import shutil
import subprocess
import time
from functools import cache
from pathlib import Path

from cluster.processes import CommandFailed, run, wait_until

PRIMARY_SETTINGS = {
    "wal_level": "replica",
    "max_wal_senders": "10",
    "max_replication_slots": "10",
    "hot_standby": "on",
    "wal_keep_size": "256MB",
    "fsync": "off",  # a throwaway cluster: a crash of the machine is not what is tested
    "max_connections": "200",
}
HBA = """\
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
"""


@cache
def bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        raise RuntimeError("no PostgreSQL binaries: run scripts/db.sh once (it installs Debian's postgresql)")
    return found[-1]


def as_postgres(command: list) -> list:
    return ["runuser", "-u", "postgres", "--", *map(str, command)] if os.geteuid() == 0 else list(map(str, command))


def owned_folder(path: Path) -> Path:
    """A folder the server's user owns (mode 0700, as initdb and pg_basebackup demand)."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
    return path


class Cluster:
    def __init__(self, datadir: Path, port: int, name: str):
        self.datadir, self.port, self.name = datadir, port, name

    def url(self, database="kb", user="kb") -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{database}"

    def initdb(self, settings: dict) -> None:
        owned_folder(self.datadir)
        run(
            *as_postgres(
                [
                    bindir() / "initdb",
                    "-D",
                    self.datadir,
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            capture=True,
        )
        self.configure(settings)
        self.write("pg_hba.conf", HBA)

    def configure(self, settings: dict) -> None:
        lines = "".join(f"{key} = '{value}'\n" for key, value in settings.items())
        with open(self.datadir / "postgresql.auto.conf", "a") as conf:
            conf.write(lines)

    def write(self, name: str, text: str) -> None:
        path = self.datadir / name
        path.write_text(text)
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")

    def pg_ctl(self, *args, check=True) -> subprocess.CompletedProcess:
        return run(*as_postgres([bindir() / "pg_ctl", "-D", self.datadir, *args]), capture=True, check=check)

    def start(self, wait_seconds: int = 60) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k ''"  # TCP only: no socket file to copy in backups
        self.pg_ctl("start", "-w", "-t", str(wait_seconds), "-l", self.datadir / "server.log", "-o", options)

    def stop(self, mode: str = "fast") -> None:
        """mode `immediate`: no shutdown checkpoint, as if the server died."""
        self.pg_ctl("stop", "-w", "-m", mode, check=False)

    def running(self) -> bool:
        return self.pg_ctl("status", check=False).returncode == 0

    def sql(self, query: str, database: str = "kb", user: str = "postgres", timeout: float = 30) -> str:
        done = run(
            bindir() / "psql",
            "-h",
            "127.0.0.1",
            "-p",
            self.port,
            "-U",
            user,
            "-d",
            database,
            "-X",
            "-A",
            "-t",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            query,
            capture=True,
            timeout=timeout,
        )
        return done.stdout.strip()

    def answers(self) -> bool:
        try:
            return self.sql("SELECT 1", database="postgres", timeout=5) == "1"
        except (CommandFailed, subprocess.TimeoutExpired):
            return False

    def log_tail(self, lines: int = 15) -> str:
        path = self.datadir / "server.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def primary_create(datadir: Path, port: int, extra: dict | None = None) -> Cluster:
    """A primary that standbys can stream from, with the role and database `kb` (PostGIS enabled in it)."""
    primary = Cluster(datadir, port, "primary")
    primary.initdb({**PRIMARY_SETTINGS, **(extra or {})})
    primary.start()
    primary.sql("CREATE ROLE kb LOGIN CREATEDB", database="postgres")
    primary.sql("CREATE DATABASE kb OWNER kb", database="postgres")
    primary.sql("SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis")
    return primary


def database_copy(primary: Cluster, source: str, dump: Path, schema_only: bool = False) -> None:
    """Copy the database at URL `source` (migrated) into the primary's database `kb`, owned by `kb`."""
    # PostGIS fills spatial_ref_sys itself, and only a superuser may write to it.
    options = ["--no-owner", "--no-privileges", "--no-comments", "--exclude-table-data=public.spatial_ref_sys"]
    options += ["--schema-only"] if schema_only else []
    run(bindir() / "pg_dump", "-Fc", *options, "-f", dump, source)
    run(
        bindir() / "pg_restore",
        "-h",
        "127.0.0.1",
        "-p",
        primary.port,
        "-U",
        "kb",
        "-d",
        "kb",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        dump,
    )


def base_backup(primary: Cluster, datadir: Path, *options: str) -> Path:
    """pg_basebackup of `primary` into `datadir`, with the WAL it needs to be consistent (streamed alongside)."""
    owned_folder(datadir)
    connection = f"-h 127.0.0.1 -p {primary.port} -U postgres".split()
    run(*as_postgres([bindir() / "pg_basebackup", *connection, "-D", datadir, "-X", "stream", "-c", "fast", *options]))
    return datadir


def standby_create(primary: Cluster, datadir: Path, port: int, slot: str, settings: dict | None = None) -> Cluster:
    """A streaming standby: a base backup of the primary with -R (standby.signal and primary_conninfo written),
    through a replication slot, so the primary keeps the WAL the standby has not received while it is down."""
    base_backup(primary, datadir, "-R", "-C", "-S", slot)
    standby = Cluster(datadir, port, "standby")
    standby.configure(settings or {})
    standby.start()
    return standby


def replay_caught_up(primary: Cluster, standby: Cluster, seconds: float = 60) -> float:
    """Wait until the standby has replayed everything the primary had written when called; the seconds it took."""
    started = time.monotonic()
    target = primary.sql("SELECT pg_current_wal_lsn()", database="postgres")
    query = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
    wait_until("standby replay", lambda: standby.answers() and standby.sql(query, database="postgres") == "t", seconds)
    return round(time.monotonic() - started, 2)


def streaming(primary: Cluster) -> bool:
    return primary.sql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'", database="postgres") != "0"

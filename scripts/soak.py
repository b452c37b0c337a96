"""Soak and fault test: mixed read/write load on the production server, with PostgreSQL stopped mid-run.

Run with `make soak` (loopback only, bounded in time). It starts its own PostgreSQL cluster (never the machine's
shared server), loads the demo data, serves the API with gunicorn and production settings, and then:
  1. runs a mixed load (reads of lists, details, summaries, profiles; partner writes, each read back at once by
     its writer) for SOAK_SECONDS, with the clients of the cluster check (scripts/cluster/load.py);
  2. halfway, stops PostgreSQL for SOAK_OUTAGE_SECONDS and starts it again;
  3. checks that no response was a 500 or anything undesigned (200/201/304/429 normally, 503 JSON during the
     outage), measures how long after the database's return the API recovers, and that every write the API
     acknowledged (201) is in the database afterwards (count and checksum).
It prints a summary and writes it to bench/results/soak-<time>.json.
"""

import hashlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from cluster import traffic
from cluster.checks import undesigned
from cluster.load import Load
from cluster.postgres import as_postgres, bindir
from cluster.processes import PYTHON, ROOT, run
from cluster.traffic import Tally

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
OUTAGE = int(os.environ.get("SOAK_OUTAGE_SECONDS", "5"))
WORKERS = int(os.environ.get("SOAK_CLIENTS", "8"))
PORT = int(os.environ.get("SOAK_PORT", "8766"))
BASE = f"http://127.0.0.1:{PORT}"
PG_PORT = os.environ.get("KB_PG_PORT", "54329")  # the throwaway cluster of scripts/db.sh


def database_env() -> dict:
    env = {**os.environ, "KB_DB_MODE": "throwaway", "KB_DB_NAME": "kb_soak", "KB_PG_PORT": PG_PORT}
    env.pop("DATABASE_URL", None)
    url = run("scripts/db.sh", env=env, capture=True).stdout.strip()
    return {**env, "DATABASE_URL": url}


def throwaway_datadir() -> Path:
    """Where scripts/db.sh keeps its throwaway cluster (a temporary folder when postgres cannot reach the checkout)."""
    if os.geteuid() == 0 and run("runuser", "-u", "postgres", "--", "test", "-x", str(ROOT), check=False).returncode:
        digest = hashlib.md5(f"{ROOT}\n".encode()).hexdigest()[:8]
        return Path(os.environ.get("TMPDIR", "/tmp")) / f"kb-pg-{digest}"
    return ROOT / ".data" / "pg"


def gunicorn_log() -> Path:
    """The server's log, in .data/ (made here: with the cluster outside the checkout nothing else makes it)."""
    path = ROOT / ".data" / "soak-gunicorn.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def pg_ctl(action: str) -> None:
    datadir = throwaway_datadir()
    command = [bindir() / "pg_ctl", "-D", datadir, "-w", "-m", "fast", action]
    if action == "start":
        command += ["-l", datadir / "server.log", "-o", f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {datadir}"]
    run(*as_postgres(command), capture=True)


def request(method: str, path: str, token: str, body: dict | None = None) -> tuple[int, bytes]:
    return traffic.request(BASE, method, path, token, body)


def django_shell(env: dict, code: str) -> str:
    """Run `code` in `manage.py shell`; the last line it printed."""
    out = run(PYTHON, "manage.py", "shell", "-v", "0", "-c", code, env=env, capture=True).stdout.strip()
    return out.splitlines()[-1] if out else ""


def main() -> int:
    env = database_env()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        API_PARTNER_RATE="100000/minute",
        API_ANON_RATE="100000/minute",  # the reads are anonymous
        CONN_MAX_AGE="60",
    )
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
    run(PYTHON, "manage.py", "kb_seed_demo", "-v", "0", env=env)
    # Each run writes its own figures: remove the previous run's partner submissions.
    django_shell(
        env, "from kb.models import CasualtyRecord as C; C.objects.filter(partner_organisation__isnull=False).delete()"
    )
    token = django_shell(
        env,
        "from kb.models import Organisation; from kb.services.tokens import token_create; "
        "print(token_create(organisation=Organisation.objects.get(name='Humanity & Inclusion'), "
        "name='soak', scopes=['read', 'submit'])[1])",
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "2",
            "--threads",
            "4",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stderr=open(gunicorn_log(), "w"),
    )
    try:
        for _ in range(100):
            if request("GET", "/api/v1/", token)[0] == 200:
                break
            time.sleep(0.1)
        return soak(env, token)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def stored_totals(env: dict, ids: list[int]) -> dict[int, int]:
    """id: total of those of `ids` the database holds, read back through the ORM."""
    out = django_shell(
        env,
        "import json; from kb.models import CasualtyRecord as C; "
        f"ids = {sorted(ids)!r}; "
        "print(json.dumps(sorted(C.objects.filter(pk__in=ids).values_list('id', 'total'))))",
    )
    return {pk: total for pk, total in json.loads(out)}


def digest(pairs: dict) -> str:
    return hashlib.sha256(repr(sorted(pairs.items())).encode()).hexdigest()[:16]


def outage_under_load(tally: Tally, load: Load) -> tuple[float, float]:
    """Clients run for SECONDS; half-way the database stops for OUTAGE seconds. Returns when it stopped and when it
    was back, in seconds since the load began."""
    load.start(WORKERS, SECONDS)
    time.sleep(SECONDS / 2)
    tally.phase, outage_start = "outage", tally.now()
    pg_ctl("stop")
    time.sleep(OUTAGE)
    pg_ctl("start")
    tally.phase, back_at = "after", tally.now()
    time.sleep(max(0.0, SECONDS - tally.now()))
    load.stop()
    return outage_start, back_at


def soak(env: dict, token: str) -> int:
    tally = Tally()
    load = Load(BASE, [token], tally, writes=0.2)
    outage_start, back_at = outage_under_load(tally, load)
    answers = tally.answers
    # A 400 is a designed refusal too: the load's submissions are valid, so one would show in `refusals`.
    bad = [a for a in undesigned(answers, kills=[])[0] if a.status != 400]
    refused = Counter(
        f"{a.status} {a.kind}: {a.body[:120].decode(errors='replace')}" for a in answers if 400 <= a.status < 500
    )
    after = sorted(a.started for a in answers if a.started > back_at and a.status in (200, 201))
    recovery = round(after[0] - back_at, 2) if after else None
    during = Counter(a.status for a in answers if outage_start <= a.started <= back_at)
    stored = stored_totals(env, list(load.acknowledged))
    summary = {
        "seconds": SECONDS,
        "clients": WORKERS,
        "requests": len(answers),
        "requests_per_second": round(len(answers) / SECONDS, 1),
        "statuses": dict(sorted(Counter(a.status for a in answers).items())),
        "undesigned_responses": len(bad),
        "refusals": dict(refused.most_common(10)),
        "outage": {
            "from_s": round(outage_start, 1),
            "database_back_s": round(back_at, 1),
            "statuses_during": dict(sorted(during.items())),
        },
        "recovery_seconds_after_database_back": recovery,
        "writes_acknowledged": len(load.acknowledged),
        "writes_found": len(stored),
        "checksum_acknowledged": digest(load.acknowledged),
        "checksum_found": digest(stored),
    }
    print(json.dumps(summary, indent=2))
    for answer in bad[:10]:
        print("undesigned:", f"{answer.status} {answer.kind}: {answer.body[:200]!r}")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"soak-{time.strftime('%Y%m%dT%H%M%S')}.json").write_text(json.dumps(summary, indent=2) + "\n")
    ok = not bad and stored == load.acknowledged and recovery is not None
    print("soak:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

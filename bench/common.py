"""What every benchmark shares (bench/run.py, maps.py, pages.py, geo_import.py): paths, progress lines,
subprocesses, a database of its own, the application under gunicorn with production settings, the machine."""

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT))
from kb.database.plans import GENERIC_PLANS  # noqa: E402 (the project's own module, beside bench/)


def floor_connection(url: str, **options) -> psycopg.Connection:
    """A connection for a floor: its prepared statements planned as the application's are (kb/database/plans.py)."""
    return psycopg.connect(url, options=GENERIC_PLANS, **options)


def say(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def run(*args, env=None, capture=False):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, capture_output=capture)


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def reset_database(server_url: str, name: str) -> str:
    """A new, empty database `name` on the server of `server_url` (any database there); its URL."""
    drop_database(server_url, name)
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def get(url: str, headers: dict | None = None) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=600) as response:
        return response.read()


def app_env(url: str) -> dict:
    """The environment the application runs in for a benchmark: production settings (DEBUG off) on database `url`,
    loopback only, persistent connections, no rate limit in the way."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "600",
        "API_ANON_RATE": "100000000/minute",
        "API_PARTNER_RATE": "100000000/minute",
    }


def serve(env: dict, port: int, log: Path, app: str = "config.wsgi") -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port`, 2 workers of 2 threads, its warnings to `log`; `app` the project's, or a
    module of bench/ (bench/ then on its path, never on the project's)."""
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), app, "-b", f"127.0.0.1:{port}", "-w", "2"]
    command += [] if app == "config.wsgi" else ["--pythonpath", str(ROOT / "bench")]
    command += ["--threads", "2", "--timeout", "600", "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=open(log, "w"))


def wait_until_up(url: str) -> None:
    for _ in range(300):
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)


def machine() -> dict:
    cpu = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", cpu)
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    return {
        "cpu": model.group(1) if model else "?",
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory.group(1)) / 2**20, 1) if memory else None,
        "python": sys.version.split()[0],
        "postgresql": os.environ.get("BENCH_PG_VERSION", ""),
    }

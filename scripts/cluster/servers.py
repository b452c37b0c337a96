"""The servers in front of the database: Redis (a cache, nothing kept on disk), gunicorn app servers, the task
worker and nginx, each started in the workspace on a port of its own, and the Debian packages they need."""

import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

from cluster.processes import PYTHON, ROOT, Workspace, port_open, run, wait_until

PACKAGES = {"redis-server": "redis-server", "nginx": "nginx"}  # command: Debian package


def packages_ensure(commands: list[str]) -> None:
    """Install the Debian packages of missing commands (as root, non-interactive); PostGIS and GDAL through the
    scripts that already know how (scripts/db.sh installs PostGIS with the server's major version)."""
    missing = [PACKAGES[c] for c in commands if not shutil.which(c) and not Path(f"/usr/sbin/{c}").exists()]
    if missing:
        if os.geteuid() != 0:
            raise RuntimeError(f"missing {', '.join(missing)}: install them (apt-get install {' '.join(missing)})")
        print(f"installing {', '.join(missing)}", flush=True)
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(*apt, "update", "-qq", env=env)
        run(*apt, "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)
    run("scripts/gis.sh")


def postgis_ensure() -> None:
    from cluster.postgres import bindir

    major = bindir().parent.name
    if Path(f"/usr/share/postgresql/{major}/extension/postgis.control").exists():
        return
    if os.geteuid() != 0:
        raise RuntimeError(f"PostGIS missing: apt-get install postgresql-{major}-postgis-3")
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(*apt, "update", "-qq", env=env)
    run(*apt, "install", "-y", "-qq", f"postgresql-{major}-postgis-3", env=env)


def redis_start(workspace: Workspace, port: int) -> str:
    """A Redis with nothing saved to disk: a cache shared by the app servers. Returns its URL."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    args = [
        binary,
        "--port",
        port,
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        workspace.path,
        "--maxmemory",
        "128mb",
        "--maxmemory-policy",
        "allkeys-lru",
    ]
    workspace.spawn("redis", args)
    wait_until("redis", lambda: port_open(port), 10)
    return f"redis://127.0.0.1:{port}/0"


def redis_info(port: int) -> dict:
    """`INFO` of the Redis on `port` as a dict (strings), through redis-cli."""
    out = run("redis-cli", "-p", port, "INFO", capture=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line and not line.startswith("#"))


def gunicorn_start(workspace: Workspace, name: str, port: int, env: dict, workers: int = 2) -> subprocess.Popen:
    """An app server: gunicorn with production settings and its own PROMETHEUS_MULTIPROC_DIR (the metrics of its
    workers, summed on /metrics)."""
    metrics = workspace.path / f"{name}-metrics"
    shutil.rmtree(metrics, ignore_errors=True)  # a restarted server starts its counts anew
    metrics.mkdir()
    env = {**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    args = [
        ROOT / ".venv" / "bin" / "gunicorn",
        "config.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        workers,
        "--threads",
        "4",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    return workspace.spawn(name, args, env=env)


def app_ready(name: str, port: int) -> None:
    wait_until(f"{name} on port {port}", lambda: answers(port, "/healthz"), 90)


def worker_start(workspace: Workspace, env: dict) -> subprocess.Popen:
    """The task worker: `kb_worker` (db_worker with a heartbeat) where the project has it, else `db_worker`."""
    command = "kb_worker" if (ROOT / "kb" / "management" / "commands" / "kb_worker.py").exists() else "db_worker"
    return workspace.spawn("worker", [PYTHON, "manage.py", command, "--no-startup-delay"], env=env)


def answers(port: int, path: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


NGINX_CONF = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
{user}
events {{ worker_connections 512; }}
http {{
    access_log {dir}/nginx-access.log;
    client_body_temp_path {dir}/nginx-body;
    proxy_temp_path {dir}/nginx-proxy;
    fastcgi_temp_path {dir}/nginx-fastcgi;
    uwsgi_temp_path {dir}/nginx-uwsgi;
    scgi_temp_path {dir}/nginx-scgi;
    client_max_body_size 20m;
    upstream kb {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://kb;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A server that refuses or drops the connection: the request goes to the next one. A request that may
            # have changed data (POST) is not sent twice: only one that never reached the server is retried.
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def nginx_start(workspace: Workspace, port: int, upstreams: list[int]) -> None:
    """nginx (Debian's binary, a configuration and prefix of the workspace's own) in front of the app servers."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in upstreams)
    user = "user root;" if os.geteuid() == 0 else ""  # its workers write the temporary folders made here
    conf = workspace.path / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=workspace.path, servers=servers, port=port, user=user))
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    error_log = workspace.path / "nginx-error.log"
    args = [binary, "-p", workspace.path, "-c", conf, "-e", error_log, "-g", "daemon off;"]
    workspace.spawn("nginx", args)
    wait_until("nginx", lambda: port_open(port), 10)

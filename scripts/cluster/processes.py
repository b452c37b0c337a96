"""Commands, free ports and child processes that are stopped on exit, whatever ends the run (failure, Ctrl-C,
SIGTERM)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")


class CommandFailed(RuntimeError):
    pass


def run(*args, env=None, check=True, capture=False, cwd=ROOT, timeout=None):
    """A command; one that fails raises CommandFailed with the end of what it printed (when captured)."""
    command = [str(a) for a in args]
    done = subprocess.run(command, cwd=cwd, env=env, text=True, capture_output=capture, timeout=timeout)
    if check and done.returncode:
        said = "\n".join(f"{done.stdout or ''}\n{done.stderr or ''}".strip().splitlines()[-20:])
        raise CommandFailed(f"{' '.join(command)} exited with {done.returncode}\n{said}")
    return done


def manage(*args, env: dict, capture=False, timeout=600) -> str:
    """`manage.py ARGS` with `env`; its last line of output when captured (Django may print warnings before it)."""
    done = run(PYTHON, "manage.py", *args, env=env, capture=capture, timeout=timeout)
    return done.stdout.strip().splitlines()[-1] if capture and done.stdout.strip() else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(what: str, test: Callable[[], bool], seconds: float = 30, every: float = 0.2) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if test():
            return
        time.sleep(every)
    raise TimeoutError(f"{what}: not within {seconds:.0f} s")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Workspace:
    """A temporary folder and the things started in it, undone in reverse order by close() (or the `with` block's
    end). Ctrl-C, SIGTERM and SIGHUP end the run, so the clean-up runs then too."""

    def __init__(self, prefix: str, keep: bool = False):
        self.path = Path(tempfile.mkdtemp(prefix=prefix))
        self.path.chmod(0o755)  # PostgreSQL runs as another user and must reach its folders in here
        self.keep = keep
        self._undo: list[tuple[str, Callable[[], object]]] = []
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, self._exit)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # even where started with SIGINT ignored

    @staticmethod
    def _exit(number, frame):
        raise SystemExit(128 + number)

    def on_close(self, what: str, undo: Callable[[], object]) -> None:
        self._undo.append((what, undo))

    def spawn(self, name: str, args: list, env: dict | None = None, cwd=ROOT) -> subprocess.Popen:
        """Start a long-running process in a process group of its own (so it and its workers can be killed at once),
        its output in <workspace>/<name>.log, stopped when the workspace closes."""
        log = open(self.path / f"{name}.log", "ab")
        process = subprocess.Popen(
            [str(a) for a in args], cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.on_close(name, lambda: stop_group(process))
        return process

    def log_tail(self, name: str, lines: int = 15) -> str:
        path = self.path / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        while self._undo:
            what, undo = self._undo.pop()
            try:
                undo()
            except Exception as error:  # keep going: the rest must still be stopped
                print(f"clean-up of {what} failed: {error}", file=sys.stderr)
        if self.keep:
            print(f"kept {self.path}", file=sys.stderr)
        else:
            shutil.rmtree(self.path, ignore_errors=True)


def stop_group(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM to the process group, SIGKILL after `timeout` seconds."""
    if process.poll() is not None:
        kill_group(process)  # the leader is gone; its workers may not be
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process)
    except ProcessLookupError:
        pass


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL to the whole group at once: the machine the server ran on is gone. Returns once no process of the
    group is left (the leader is reaped first; its workers, still holding the listening socket, die just after)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    process.wait(timeout=15)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)

"""Run a script of scripts/ as the operator would: a separate process, with the project's Python."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def script_run(*args: str, timeout: int) -> subprocess.CompletedProcess:
    """Run scripts/ARGS with the project's Python; its output is shown when the test fails."""
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    print(done.stdout[-20000:], done.stderr[-10000:], sep="\n")
    return done

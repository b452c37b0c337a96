"""HTTP requests that never raise (a refused connection is status 0) and the figures of a load: requests by status,
median and 95th percentile of the answer time, by phase."""

import http.client
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field


def request(
    base: str, method: str, path: str, token: str | None = None, body: dict | None = None, timeout: float = 30
) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Token {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (http.client.HTTPException, OSError) as error:  # refused, reset, timed out, or cut off mid-answer
        return 0, f"{type(error).__name__}: {error}".encode()


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Answer:
    kind: str  # what the client did: "read", "write", "read-own"
    status: int
    started: float  # seconds since the load began
    seconds: float
    phase: str
    body: bytes = b""


@dataclass
class Tally:
    """Every answer of a load, kept in memory (a bounded run), and the phase the run is in."""

    phase: str = "start"
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    began: float = field(default_factory=time.monotonic)

    def now(self) -> float:
        return time.monotonic() - self.began

    def add(self, kind: str, status: int, started: float, body: bytes) -> Answer:
        answer = Answer(kind, status, started, self.now() - started, self.phase, body[:300])
        with self.lock:
            self.answers.append(answer)
        return answer

    def figures(self) -> dict:
        """Requests, statuses and p50/p95 in milliseconds, overall and per phase (in the order they came)."""
        groups: dict[str, list[Answer]] = defaultdict(list)
        for answer in self.answers:
            groups[answer.phase].append(answer)
        result = {"all": summary(self.answers)}
        result.update({phase: summary(group) for phase, group in groups.items()})
        return result


def summary(answers: list[Answer]) -> dict:
    times = [a.seconds * 1000 for a in answers]
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    return {
        "requests": len(answers),
        "statuses": dict(sorted(Counter(a.status for a in answers).items())),
        "p50_ms": round(p50, 1) if p50 is not None else None,
        "p95_ms": round(p95, 1) if p95 is not None else None,
    }


SAMPLE = re.compile(r"^(\w+)\{([^}]*)\}\s+(\S+)$|^(\w+)\s+(\S+)$")


def metrics_read(port: int) -> dict[tuple[str, str], float] | None:
    """Samples of an app server's /metrics as {(name, labels): value}, or None when it does not answer."""
    status, body = request(f"http://127.0.0.1:{port}", "GET", "/metrics", timeout=5)
    if status != 200:
        return None
    samples = {}
    for line in body.decode(errors="replace").splitlines():
        match = SAMPLE.match(line)
        if match and match[1]:
            samples[(match[1], match[2])] = float(match[3])
        elif match:
            samples[(match[4], "")] = float(match[5])
    return samples


def metric(samples: dict | None, name: str, **labels) -> float | None:
    """The sum of `name`'s samples whose labels include `labels`; None when there is none."""
    if not samples:
        return None
    wanted = [f'{key}="{value}"' for key, value in labels.items()]
    found = [v for (n, text), v in samples.items() if n == name and all(w in text.split(",") for w in wanted)]
    return sum(found) if found else None

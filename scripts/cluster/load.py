"""The mixed load of the checks: anonymous reads of several API routes, and partner submissions each followed at
once by a read of the submitted record by the same partner (read-your-writes)."""

import datetime as dt
import itertools
import json
import random
import threading
import time

from cluster.traffic import Tally, request

READS = [
    "/api/v1/casualties/?area=WLD&headline=true&ordering=year",
    "/api/v1/casualties/?figures=all&limit=100",
    "/api/v1/casualties/summary/?area=WLD&group_by=year",
    "/api/v1/countries/POL/profile/",
    "/api/v1/treaty-status/?treaty=APMBC&on=2026-03-01",
    "/api/v1/countries/?q=Ukr",
    "/api/v1/land-release/?area=APMBC-SP",
    "/api/v1/changes/?limit=50",
]
DEVICES = ["anti_personnel_mine", "improvised_mine", "other_erw", None]


def submission(day: int, total: int, rng: random.Random) -> dict:
    """A new casualty figure for a cell of its own (each submission a new day from 1800-01-01)."""
    return {
        "country_code": "XKX",
        "period": (dt.date(1800, 1, 1) + dt.timedelta(days=day)).isoformat(),
        "total": total,
        "source": "lm2023-impact",
        "device_type": rng.choice(DEVICES),
    }


class Load:
    """Client threads: a share `writes` of their turns is a partner's submission and its read-back, the rest an
    anonymous read."""

    def __init__(self, base: str, tokens: list[str], tally: Tally, writes: float = 0.25):
        self.base, self.tokens, self.tally, self.writes = base, tokens, tally, writes
        self.acknowledged: dict[int, int] = {}  # id: total of each 201
        self.missed_own: list[str] = []  # a partner's read of its own write that did not find it
        self._days = itertools.count()
        self._lock = threading.Lock()

    def start(self, clients: int, limit: float) -> None:
        """Start the clients; they go on until stop(), or `limit` seconds at most."""
        self._stop = threading.Event()
        stop_at = time.monotonic() + limit
        self._threads = [threading.Thread(target=self._client, args=(n, stop_at), daemon=True) for n in range(clients)]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _client(self, number: int, stop_at: float) -> None:
        rng = random.Random(number)
        while time.monotonic() < stop_at and not self._stop.is_set():
            if rng.random() < self.writes:
                status = self._write_and_read_back(rng, self.tokens[number % len(self.tokens)])
            else:
                started = self.tally.now()
                status, body = request(self.base, "GET", rng.choice(READS))
                self.tally.add("read", status, started, body)
            if status == 0:
                time.sleep(0.2)  # nothing answers: wait a little rather than spin

    def _write_and_read_back(self, rng: random.Random, token: str) -> int:
        total = rng.randint(1, 10_000)
        with self._lock:
            day = next(self._days)
        started = self.tally.now()
        status, body = request(self.base, "POST", "/api/v1/casualties/", token, submission(day, total, rng))
        self.tally.add("write", status, started, body)
        if status != 201:
            return status
        record = json.loads(body)["id"]
        with self._lock:
            self.acknowledged[record] = total
        started = self.tally.now()
        status, body = request(self.base, "GET", f"/api/v1/casualties/{record}/", token)
        self.tally.add("read-own", status, started, body)
        if status == 404:
            with self._lock:
                self.missed_own.append(f"record {record} at {started:.1f} s")
        return status

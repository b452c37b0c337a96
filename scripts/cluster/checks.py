"""The verdicts of the cluster check: each says what it found, and a failed check that depends on a piece of the
deployment (replica routing, the shared Redis cache) names that piece, so a missing one reads as missing, not as a
bug in what is there."""

from dataclasses import dataclass

from cluster.traffic import Answer

# The pieces of the deployment a check depends on, as a failed check names them.
PIECES = {
    "replica": "database routing (DATABASE_REPLICA_URLS: reads on a standby, kb_db_reads_total and kb_replica_* on "
    "/metrics)",
    "redis": "the shared cache in Redis (REDIS_URL: response cache, throttles, sign-in limit)",
}
DESIGNED = {200, 201, 304, 429}


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    piece: str | None = None  # the deployment piece it depends on (PIECES)
    pending: bool = False  # failed, but its piece was declared missing with --allow-missing

    def line(self) -> str:
        mark = "ok" if self.ok else ("PENDING" if self.pending else "FAILED")
        text = f"[{mark}] {self.name}: {self.detail}"
        if not self.ok and self.piece:
            text += f"\n         needs {PIECES[self.piece]}"
        return text


def undesigned(answers: list[Answer], kills: list[tuple[float, float]]) -> tuple[list[Answer], int]:
    """Answers other than the designed ones (200/201/304/429, 503 with a JSON detail), and the number of failures
    (502, or an answer cut off) of requests in flight on an app server while it was being killed (from the signal
    until its last process was gone: a worker still accepts connections for a moment after the signal): nginx sends
    a request that may have written (POST) to no other server, so those fail with the server."""
    bad, in_flight = [], 0
    for answer in answers:
        if answer.status in DESIGNED or (answer.status == 503 and answer.body.startswith(b'{"detail"')):
            continue
        if answer.status in (0, 502) and any(
            answer.started <= until and since <= answer.started + answer.seconds for since, until in kills
        ):
            in_flight += 1
            continue
        bad.append(answer)
    return bad, in_flight


def status_check(answers: list[Answer], kills: list[tuple[float, float]]) -> Check:
    bad, in_flight = undesigned(answers, kills)
    examples = "; ".join(f"{a.status} {a.kind} at {a.started:.1f} s: {a.body[:80]!r}" for a in bad[:3])
    detail = f"{len(answers)} requests, {len(bad)} failed otherwise than by design"
    detail += f", {in_flight} in flight on the killed server (502 or cut off)" if in_flight else ""
    return Check(
        "no failed requests but designed 503/429",
        not bad and bool(answers),
        detail + (f": {examples}" if examples else ""),
    )


def writes_check(where: str, acknowledged: dict[int, int], stored: dict[int, int]) -> Check:
    missing = sorted(set(acknowledged) - set(stored))
    changed = sorted(k for k in acknowledged if k in stored and stored[k] != acknowledged[k])
    detail = f"{len(acknowledged)} acknowledged (201), {len(stored)} found"
    if missing or changed:
        detail += f", missing {missing[:5]}, different {changed[:5]}"
    return Check(f"every acknowledged write on the {where}", not missing and not changed and bool(acknowledged), detail)


def replica_reads_check(reads: dict[str, float | None]) -> Check:
    """`reads`: kb_db_reads_total per alias, summed over the app servers, at the end of the phase with all up."""
    replica, primary = reads.get("replica_0"), reads.get("default")
    if replica is None and primary is None:
        return Check("reads spread over the standby", False, "kb_db_reads_total is not on /metrics", "replica")
    ok = (replica or 0) > 0
    return Check(
        "reads spread over the standby",
        ok,
        f"reads served by the primary {primary or 0:.0f}, by the standby {replica or 0:.0f} (while it was up)",
        "replica",
    )


def own_reads_check(missed: list[str], reads: int) -> Check:
    return Check(
        "read-your-writes: a partner finds its submission at once",
        not missed and reads > 0,
        f"{reads} reads right after a write, {len(missed)} missed" + (f": {missed[:3]}" if missed else ""),
        "replica",
    )


def verdict(checks: list[Check], allowed_missing: set[str]) -> bool:
    for check in checks:
        check.pending = not check.ok and check.piece in allowed_missing
    return all(check.ok or check.pending for check in checks)

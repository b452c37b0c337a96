"""The public record: import files in fixtures/public/, loaded as published data, apart from the demo data.

`PUBLIC_FILES` lists (import resource, path under fixtures/) in dependency order, each file's sources before it.
fixtures/public/README.md says what each file holds and where it comes from.

`PARTY_COUNTS_FILE` is not an import file: it holds counts of States Parties on dated occasions as the sources
state them (columns treaty, date, states_parties, source, source_locator), against which the derived treaty
status is checked (tests/kb/test_public_record.py).

`RECORDS_COMPLETE_FILE` says up to which day the public record holds every state's consent under a treaty (columns
treaty, records_complete_on, source, source_locator: the count of States Parties that the derived count matches on
that day). Loading the public record sets `Treaty.records_complete_on` from it where staff have set none, so a state
without an action is `non_party` up to that day instead of `not_recorded`.
"""

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from django.utils import timezone

from kb.choices import TreatyStatusChoices as Status
from kb.models import Treaty

PUBLIC_FILES: list[tuple[str, str]] = [
    ("sources", "public/sources-treaties.csv"),
    ("treaty-actions", "public/treaty-actions.csv"),
    ("sources", "public/sources-monitor.csv"),
    ("casualties", "public/casualties.csv"),
    ("land-release", "public/land-release.csv"),
    ("stockpiles", "public/stockpiles.csv"),
    ("funding", "public/funding.csv"),
    ("contamination", "public/contamination.csv"),
    ("sources", "public/sources-obligations.csv"),
    ("treaty-obligations", "public/obligations.csv"),
    ("sources", "public/sources-seed.csv"),
    ("production", "public/production-plans.csv"),
    ("transfers", "public/transfers.csv"),
    ("programmes", "public/programmes.csv"),
    ("programme-milestones", "public/milestones.csv"),
]

PARTY_COUNTS_FILE = "public/party-counts.csv"
RECORDS_COMPLETE_FILE = "public/records-complete.csv"

# Statuses counted as "States Parties" when comparing with the counts sources publish: the depositary and the
# Monitor count a state from the deposit of its instrument until its withdrawal takes effect.
COUNTED_AS_PARTY = (Status.PENDING, Status.STATE_PARTY, Status.WITHDRAWING)


def states_parties_count(statuses: Iterable) -> int:
    """How many of `statuses` (AreaTreatyStatus items from kb.selectors.treaties) count as States Parties."""
    return sum(1 for item in statuses if item.status.status in COUNTED_AS_PARTY)


def records_complete_apply(base: Path) -> list[str]:
    """Set each listed treaty's `records_complete_on` where it is empty (a date staff set is kept); the codes set."""
    with (base / RECORDS_COMPLETE_FILE).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    applied = []
    for row in rows:
        day = dt.date.fromisoformat(row["records_complete_on"])
        unset = Treaty.objects.filter(code=row["treaty"], records_complete_on=None)
        if unset.update(records_complete_on=day, updated_at=timezone.now()):
            applied.append(row["treaty"])
    return applied

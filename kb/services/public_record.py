"""The public record: import files in fixtures/public/, loaded as published data, apart from the demo data.

`PUBLIC_FILES` lists (import resource, path under fixtures/) in dependency order, each file's sources before it.
fixtures/public/README.md says what each file holds and where it comes from.

`PARTY_COUNTS_FILE` is not an import file: it holds counts of States Parties on dated occasions as the sources
state them (columns treaty, date, states_parties, source, source_locator), against which the derived treaty
status is checked (tests/kb/test_public_record.py).
"""

from collections.abc import Iterable

from kb.choices import TreatyStatusChoices as Status

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

# Statuses counted as "States Parties" when comparing with the counts sources publish: the depositary and the
# Monitor count a state from the deposit of its instrument until its withdrawal takes effect.
COUNTED_AS_PARTY = (Status.PENDING, Status.STATE_PARTY, Status.WITHDRAWING)


def states_parties_count(statuses: Iterable) -> int:
    """How many of `statuses` (AreaTreatyStatus items from kb.selectors.treaties) count as States Parties."""
    return sum(1 for item in statuses if item.status.status in COUNTED_AS_PARTY)

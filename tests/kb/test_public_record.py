"""The public record (fixtures/public/): every file imports as published data, every record is traceable to a
source with a URL and a locator, no action is recorded twice, the derived number of States Parties agrees with
the counts the sources state, and every UN member state is either recorded or listed as not found."""

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from kb.choices import ReviewStatusChoices
from kb.models import Area, ArmedConflictPeriod, Treaty, TreatyAction, TreatyObligation
from kb.selectors.treaties import treaty_status_list
from kb.services.imports import rows_import
from kb.services.public_record import (
    PARTY_COUNTS_FILE,
    PUBLIC_FILES,
    RECORDS_COMPLETE_FILE,
    records_complete_apply,
    states_parties_count,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
README = FIXTURES / "public" / "README.md"
TREATIES = ("APMBC", "CCM", "CCW-AP2")

# Treaties whose participation record is complete (every state that joined has its consent with its date). Only
# for these must the derived count equal the stated one; for the others it may only fall short of it. See
# fixtures/public/README.md, "Complete as of".
COMPLETE_TREATIES: tuple[str, ...] = ("APMBC", "CCM")
# Amended Protocol II lacks only the Holy See's date, which every UN count up to this day leaves out (README, "The
# Holy See, not stored"): up to it the derived count must equal the stated one too.
COMPLETE_UNTIL = {"CCW-AP2": dt.date(2002, 12, 11)}

# The 193 Member States of the United Nations (https://www.un.org/en/about-us/member-states) and the two
# non-member observer States, the Holy See and the State of Palestine, by ISO 3166-1 alpha-3 code.
UN_MEMBER_STATES = set(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA BDI
    CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI
    EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA
    JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM
    MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
    MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
    SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """.split()
)
UN_OBSERVER_STATES = {"VAT", "PSE"}


def _rows(path: str) -> list[dict[str, str]]:
    with (FIXTURES / path).open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if not row[next(iter(row))].startswith("#")]


@pytest.fixture(scope="module")
def _public_record_loaded(django_db_setup, django_db_blocker):
    """Reference data, then every public file as published, once for the module's tests (they only read it), in a
    transaction rolled back after the last of them; the demo's treaty actions are set aside meanwhile so that only the
    public record is counted."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("kb_seed_demo", "--reference-only", verbosity=0)
        TreatyAction.objects.all().delete()
        ArmedConflictPeriod.objects.all().delete()
        for resource, path in PUBLIC_FILES:
            rows_import(
                resource=resource,
                content=(FIXTURES / path).read_bytes(),
                filename=Path(path).name,
                initial_status=ReviewStatusChoices.PUBLISHED,
            )
        records_complete_apply(FIXTURES)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def public_record(_public_record_loaded, db):
    """The public record loaded (each test's own changes are rolled back to it)."""


def test_public_files_are_listed_in_dependency_order():
    resources = [resource for resource, _ in PUBLIC_FILES]
    assert resources[0] == "sources"
    assert all((FIXTURES / path).is_file() for _, path in PUBLIC_FILES)
    listed = {path for _, path in PUBLIC_FILES} | {PARTY_COUNTS_FILE, RECORDS_COMPLETE_FILE}
    on_disk = {f"public/{path.name}" for path in (FIXTURES / "public").glob("*.csv")}
    assert on_disk == listed


def test_the_readme_counts_the_rows_of_each_file():
    """The README's table of files gives each file's row count; a file that grows without it fails here."""
    listed = re.findall(r"^\| `([\w-]+\.csv)` \| [^|]+ \| ([\d,]+) \|", README.read_text(encoding="utf-8"), re.M)
    assert len(listed) >= 10
    counts = {name: int(rows.replace(",", "")) for name, rows in listed}
    assert counts == {name: len(_rows(f"public/{name}")) for name in counts}


def test_public_source_slugs_start_with_their_file_prefix():
    assert all(row["slug"].startswith("treaty-") for row in _rows("public/sources-treaties.csv"))
    assert all(row["slug"].startswith("obl-") for row in _rows("public/sources-obligations.csv"))


def test_every_obligation_has_a_source_with_a_url_and_a_locator(public_record):
    obligations = TreatyObligation.objects.select_related("source")
    assert obligations.count() == len(_rows("public/obligations.csv"))
    for row in obligations:
        assert row.status == ReviewStatusChoices.PUBLISHED
        assert row.source.url, f"{row}: source {row.source.slug} has no URL"
        assert row.source_locator.strip(), f"{row}: no locator"


def test_no_obligation_is_recorded_twice():
    columns = ("treaty", "country_code", "article", "kind", "deadline", "completed_on", "year_covered")
    keys = Counter(tuple(row[c] for c in columns) for row in _rows("public/obligations.csv"))
    assert [key for key, count in keys.items() if count > 1] == []


def test_every_public_record_has_a_source_with_a_url_and_a_locator(public_record):
    actions = TreatyAction.objects.select_related("source")
    assert actions.count() == len(_rows("public/treaty-actions.csv"))
    for action in actions:
        assert action.status == ReviewStatusChoices.PUBLISHED
        assert action.source.url, f"{action}: source {action.source.slug} has no URL"
        assert action.source_locator.strip(), f"{action}: no locator"


def test_no_action_is_recorded_twice():
    keys = Counter(
        (row["treaty"], row["country_code"], row["action"], row["date"]) for row in _rows("public/treaty-actions.csv")
    )
    assert [key for key, count in keys.items() if count > 1] == []


def test_party_counts_cite_public_sources():
    slugs = {row["slug"] for row in _rows("public/sources-treaties.csv")}
    for row in _rows(PARTY_COUNTS_FILE):
        assert row["treaty"] in TREATIES
        dt.date.fromisoformat(row["date"])
        assert int(row["states_parties"]) > 0
        assert row["source"] in slugs and row["source_locator"].strip()


def test_derived_states_parties_match_the_stated_counts(public_record):
    published = TreatyAction.objects.published()
    conflicts = ArmedConflictPeriod.objects.published()
    for row in _rows(PARTY_COUNTS_FILE):
        treaty = Treaty.objects.get(code=row["treaty"])
        on = dt.date.fromisoformat(row["date"])
        derived = states_parties_count(treaty_status_list(treaty=treaty, on=on, actions=published, conflicts=conflicts))
        stated = int(row["states_parties"])
        if treaty.code in COMPLETE_TREATIES or on <= COMPLETE_UNTIL.get(treaty.code, dt.date.min):
            assert derived == stated, f"{treaty.code} on {on}: {derived} derived, {stated} stated ({row['source']})"
        else:
            assert 0 < derived <= stated, f"{treaty.code} on {on}: {derived} derived, {stated} stated ({row['source']})"


def test_a_treaty_is_complete_only_up_to_a_day_whose_count_the_derived_one_equals():
    counts = {(row["treaty"], row["date"], row["source"]) for row in _rows(PARTY_COUNTS_FILE)}
    rows = _rows(RECORDS_COMPLETE_FILE)
    assert {row["treaty"] for row in rows} == set(COMPLETE_TREATIES)
    for row in rows:
        assert (row["treaty"], row["records_complete_on"], row["source"]) in counts
        assert row["source_locator"].strip()


@pytest.mark.parametrize(
    ("treaty", "iso3", "on", "expected"),
    [
        ("APMBC", "USA", "2025-06-01", "non_party"),
        ("APMBC", "USA", "2026-03-01", "not_recorded"),
        ("CCM", "USA", "2023-08-03", "non_party"),
        ("CCM", "USA", "2024-01-01", "not_recorded"),
        ("CCW-AP2", "MEX", "2009-01-01", "not_recorded"),
        ("APMBC", "KHM", "2025-06-01", "state_party"),
    ],
)
def test_a_state_without_an_action_is_non_party_up_to_the_day_the_record_is_complete(
    public_record, client, treaty, iso3, on, expected
):
    answer = client.get(f"/api/v1/treaty-status/{iso3}/", {"treaty": treaty, "on": on})
    assert answer.status_code == 200
    assert answer.json()["status"] == expected


def test_loading_the_public_record_keeps_a_complete_day_staff_have_set(public_record):
    Treaty.objects.filter(code="APMBC").update(records_complete_on=dt.date(2020, 1, 1))
    Treaty.objects.filter(code="CCM").update(records_complete_on=None)
    assert records_complete_apply(FIXTURES) == ["CCM"]
    stated = dict(Treaty.objects.values_list("code", "records_complete_on"))
    assert stated == {"APMBC": dt.date(2020, 1, 1), "CCM": dt.date(2023, 8, 3), "CCW-AP2": None}


def _listed_as_not_found(treaty: str) -> set[str]:
    """The codes listed in the README under the heading "No action found: <treaty>"."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^#+ No action found: {re.escape(treaty)}\n(.*?)(?=^#)", text, re.MULTILINE | re.DOTALL)
    assert match, f"README has no 'No action found: {treaty}' section"
    return set(re.findall(r"\b[A-Z]{3}\b", match.group(1)))


@pytest.mark.parametrize("treaty", TREATIES)
def test_every_un_member_state_has_an_action_or_is_listed_as_not_found(treaty):
    recorded = {row["country_code"] for row in _rows("public/treaty-actions.csv") if row["treaty"] == treaty}
    listed = _listed_as_not_found(treaty)
    states = UN_MEMBER_STATES | UN_OBSERVER_STATES
    assert sorted(states - recorded - listed) == []
    assert sorted(recorded & listed) == [], "a state with a recorded action is also listed as not found"
    assert listed <= states


def test_un_member_list_has_193_states_known_to_the_area_table(public_record):
    assert len(UN_MEMBER_STATES) == 193
    codes = set(Area.objects.filter(code__in=UN_MEMBER_STATES | UN_OBSERVER_STATES).values_list("code", flat=True))
    assert codes == UN_MEMBER_STATES | UN_OBSERVER_STATES

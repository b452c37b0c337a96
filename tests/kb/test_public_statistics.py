"""The public record's Monitor series (fixtures/public/): the files load, every figure is cited and located.

The statistics come from the Landmine Monitor and Cluster Munition Monitor reports and their relays; what was taken
from each source is listed in fixtures/public/README.md (Statistics). The demo figures are removed first (inside the
test's transaction), so the counts and checks below are about the public files alone.
"""

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from kb.choices import ReviewStatusChoices
from kb.models import (
    CasualtyRecord,
    ContaminationRecord,
    FundingRecord,
    LandReleaseRecord,
    ProductionRecord,
    Source,
    StockpileRecord,
)
from kb.services.imports import rows_import

PUBLIC = Path(__file__).resolve().parents[2] / "fixtures" / "public"
PUBLIC_ONLY_SOURCE = "The only source of this cell in the public record."
PUBLIC_RULE = "Chosen by the public record's rule: the newest edition, then the Monitor's own page over a relay."

# Resource, file, model. Files not yet gathered are skipped, so the list can grow without editing the test.
STATISTICS = [
    ("casualties", "casualties.csv", CasualtyRecord),
    ("contamination", "contamination.csv", ContaminationRecord),
    ("land-release", "land-release.csv", LandReleaseRecord),
    ("stockpiles", "stockpiles.csv", StockpileRecord),
    ("production", "production.csv", ProductionRecord),
    ("funding", "funding.csv", FundingRecord),
]
MODELS = [model for _, _, model in STATISTICS]

# The number of statistics records the public files hold at least (the real floor reached, not a target).
MIN_RECORDS = 1080

KEY_COLUMNS = {
    "casualties": ("country_code", "pcode", "period", "civilian_status", "sex", "age_group", "device_type", "source"),
    "contamination": ("country_code", "pcode", "period", "device_type", "source"),
    "land-release": ("country_code", "pcode", "period", "operator", "device_type", "source"),
    "stockpiles": ("country_code", "pcode", "period", "source"),
    "production": ("country_code", "pcode", "period", "producer", "device_type", "basis", "rate", "source"),
    "funding": ("country_code", "pcode", "period", "donor", "flow", "sector", "source"),
}


def _rows(name: str) -> list[dict[str, str]]:
    text = (PUBLIC / name).read_text(encoding="utf-8")
    return [row for row in csv.DictReader(io.StringIO(text)) if not row["country_code"].startswith("#")]


def _present():
    return [(resource, name, model) for resource, name, model in STATISTICS if (PUBLIC / name).exists()]


@pytest.fixture
def public_statistics(db):
    """Only reference data and the public Monitor files: the demo statistics are deleted first."""
    for model in MODELS:
        model.objects.all().delete()
    call_command("kb_seed_demo", reference_only=True, verbosity=0)
    reports = {}
    for resource, name in [("sources", "sources-monitor.csv"), *[(r, n) for r, n, _ in _present()]]:
        reports[name] = rows_import(
            resource=resource,
            content=(PUBLIC / name).read_bytes(),
            filename=name,
            initial_status=ReviewStatusChoices.PUBLISHED,
        )
    return reports


def test_public_statistics_load_cited_and_located(public_statistics):
    """One load, every check: the files import whole, the floor is reached, every record is cited and located,
    and every cell has exactly one preferred figure."""
    for _resource, name, model in _present():
        rows = _rows(name)
        assert public_statistics[name].totals["new"] == len(rows), name
        assert model.objects.count() == len(rows), name

    assert sum(model.objects.count() for model in MODELS) >= MIN_RECORDS

    for model in MODELS:
        for record in model.objects.select_related("source"):
            assert record.source.url, f"{model.__name__} {record.pk}: source {record.source.slug} has no URL"
            assert record.source_locator.strip(), f"{model.__name__} {record.pk}: no locator"
            assert record.status == ReviewStatusChoices.PUBLISHED

    slugs = [row["slug"] for row in _rows_sources()]
    assert all(slug.startswith(("lm", "cmm")) for slug in slugs)
    assert Source.objects.filter(slug__in=slugs).exclude(url="").count() == len(slugs)

    for model in MODELS:
        cell = list(model.cell_fields)
        preferred = Counter(tuple(values) for values in model.objects.filter(is_preferred=True).values_list(*cell))
        assert all(count == 1 for count in preferred.values()), model.__name__
        cells = set(model.objects.values_list(*cell))
        assert len(preferred) == len(cells), f"{model.__name__}: a cell without a preferred figure"
        # Each preferred figure says which of the README's preference cases applies, never "no reason given".
        reasons = set(model.objects.filter(is_preferred=True).values_list("preference_reason", flat=True))
        assert reasons <= {PUBLIC_ONLY_SOURCE, PUBLIC_RULE}, model.__name__


def _rows_sources() -> list[dict[str, str]]:
    text = (PUBLIC / "sources-monitor.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_no_duplicate_cell_per_source():
    for resource, name, _ in _present():
        keys = Counter(tuple(row[column] for column in KEY_COLUMNS[resource]) for row in _rows(name))
        repeated = [key for key, count in keys.items() if count > 1]
        assert not repeated, f"{name}: {repeated}"

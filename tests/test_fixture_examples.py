"""Every import resource has an example file in fixtures/, and every example imports cleanly (dry run)."""

from pathlib import Path

import pytest
from django.conf import settings

from kb.services.imports import RESOURCES, rows_import

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
EXAMPLES = {
    "areas": "reference/areas.csv",
    "admin-areas": "examples/admin-areas.csv",
    "organisations": "reference/organisations.csv",
    "sources": "reference/sources.csv",
    "treaties": "reference/treaties.csv",
    "treaty-actions": "demo/treaty-actions.csv",
    "armed-conflicts": "demo/armed-conflicts.csv",
    "casualties": "demo/casualties.csv",
    "contamination": "examples/contamination.csv",
    "land-release": "demo/land-release.csv",
    "stockpiles": "demo/stockpiles.csv",
    "production": "demo/production.csv",
    "use-reports": "examples/use-reports.csv",
    "transfers": "demo/transfers.csv",
    "programmes": "demo/programmes.csv",
    "programme-financing": "demo/programme-financing.csv",
    "treaty-obligations": "examples/treaty-obligations.csv",
    "programme-milestones": "demo/milestones.csv",
    "funding": "demo/funding.csv",
}


def test_every_resource_has_an_example():
    assert set(EXAMPLES) == set(RESOURCES)


@pytest.mark.django_db
@pytest.mark.parametrize(("resource", "name"), sorted(EXAMPLES.items()))
def test_example_imports_cleanly(resource, name):
    if name.startswith("examples/admin") or name.startswith("examples/contamination"):
        rows_import(resource="admin-areas", content=(FIXTURES / EXAMPLES["admin-areas"]).read_bytes(), filename="a.csv")
    report = rows_import(resource=resource, content=(FIXTURES / name).read_bytes(), filename=name, dry_run=True)
    assert sum(report.totals.values()) > 0

"""Load reference data and the demo data set through the import service, as published records.

Reference files (fixtures/reference/) and demo files (fixtures/demo/) are ordinary import files, so the demo
exercises the same code path as an NGO's upload. Running it again changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kb.choices import ReviewStatusChoices
from kb.services.areas import iso_areas_csv
from kb.services.imports import ImportRejected, rows_import

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

# (resource, file) in dependency order; areas from the ISO list come first.
REFERENCE_FILES = [
    ("areas", "reference/areas.csv"),
    ("treaties", "reference/treaties.csv"),
    ("organisations", "reference/organisations.csv"),
    ("sources", "reference/sources.csv"),
]
DEMO_FILES = [
    ("armed-conflicts", "demo/armed-conflicts.csv"),
    ("treaty-actions", "demo/treaty-actions.csv"),
    ("casualties", "demo/casualties.csv"),
    ("land-release", "demo/land-release.csv"),
    ("stockpiles", "demo/stockpiles.csv"),
    ("production", "demo/production.csv"),
    ("programmes", "demo/programmes.csv"),
    ("funding", "demo/funding.csv"),
]


class Command(BaseCommand):
    help = "Load reference data and demo data (published, cited) through the import service."

    def add_arguments(self, parser):
        parser.add_argument("--reference-only", action="store_true", help="Load reference data, not demo data.")

    def handle(self, *args, reference_only, **options):
        files = [("areas", "ISO 3166-1 list", iso_areas_csv())]
        files += [(resource, name, (FIXTURES / name).read_bytes()) for resource, name in REFERENCE_FILES]
        if not reference_only:
            files += [(resource, name, (FIXTURES / name).read_bytes()) for resource, name in DEMO_FILES]
        with transaction.atomic():
            for resource, name, content in files:
                try:
                    report = rows_import(
                        resource=resource,
                        content=content,
                        filename=name if name.endswith(".csv") else f"{name}.csv",
                        initial_status=ReviewStatusChoices.PUBLISHED,
                    )
                except ImportRejected as exc:
                    raise CommandError(f"{name} rejected:\n{exc}") from exc
                totals = report.totals
                if options["verbosity"] >= 1:
                    self.stdout.write(
                        f"{name:<32} {resource:<16} {totals['new']:>4} new {totals['changed']:>4} changed "
                        f"{totals['unchanged']:>4} unchanged"
                    )

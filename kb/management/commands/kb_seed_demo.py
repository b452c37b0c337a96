"""Load reference data, the public record and the demo data set through the import service, as published records.

Reference files (fixtures/reference/), the public record (fixtures/public/, with --public: loaded before the demo, so
its preferred figures stay preferred) and demo files (fixtures/demo/) are ordinary import files, so the demo
exercises the same code path as an NGO's upload. With --public, each treaty's `records_complete_on` left empty is
set from fixtures/public/records-complete.csv (kb/services/public_record.py). The seed never changes or removes
stored work: a table that already holds records only gains the rows it is missing (kb/services/seeding.py), so
running it again changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kb.services.areas import iso_areas_csv
from kb.services.public_record import PUBLIC_FILES, records_complete_apply
from kb.services.seeding import SeedFile, SeedRejected, seed_files_load, seed_files_read

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
    ("transfers", "demo/transfers.csv"),
    ("programmes", "demo/programmes.csv"),
    ("programme-financing", "demo/programme-financing.csv"),
    ("programme-milestones", "demo/milestones.csv"),
    ("funding", "demo/funding.csv"),
]


class Command(BaseCommand):
    help = (
        "Load reference data and demo data (published, cited) through the import service; stored records are never "
        "changed, only missing rows are added."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reference-only", action="store_true", help="Load reference data, not demo data.")
        parser.add_argument(
            "--public", action="store_true", help="Also load the public record (fixtures/public/), before the demo."
        )

    def handle(self, *args, reference_only, public, **options):
        files = [SeedFile(resource="areas", name="ISO 3166-1 list", content=iso_areas_csv())]
        files += seed_files_read(base=FIXTURES, files=REFERENCE_FILES)
        if public:
            files += seed_files_read(base=FIXTURES, files=PUBLIC_FILES)
        if not reference_only:
            files += seed_files_read(base=FIXTURES, files=DEMO_FILES)
        with transaction.atomic():
            try:
                outcomes = seed_files_load(files=files)
            except SeedRejected as exc:
                raise CommandError(str(exc)) from exc
            complete = records_complete_apply(FIXTURES) if public else []
        if options["verbosity"] >= 1:
            for outcome in outcomes:
                self.stdout.write(outcome.describe())
            if complete:
                self.stdout.write(f"treaties: records complete as of the public record's day for {', '.join(complete)}")

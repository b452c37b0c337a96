"""Replace the SYNTHETIC demo hazard areas and clearance tasks of a few countries (not real data; see docs/maps.md)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kb.services.synthetic_hazards import synthetic_hazards_seed
from kb.services.synthetic_hazards_bulk import synthetic_hazards_bulk_seed


class Command(BaseCommand):
    help = "Generate seeded SYNTHETIC hazard polygons and land-release tasks for demos, tests and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--countries", default="UKR,AFG,KHM,BIH", help="Comma-separated area codes.")
        parser.add_argument("--count", type=int, default=200, help="Hazard areas per country (default 200).")
        parser.add_argument("--seed", type=int, default=17, help="The same seed gives the same polygons.")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="Make the polygons in one SQL statement (100,000 in well under a minute), hazard areas only.",
        )

    def handle(self, *args, countries, count, seed, bulk, **options):
        if count < 0:
            raise CommandError("--count must be 0 or more.")
        codes = [code.strip() for code in countries.split(",") if code.strip()]
        try:
            if bulk:
                hazards, tasks = synthetic_hazards_bulk_seed(codes=codes, per_country=count, seed=seed), 0
            else:
                hazards, tasks = synthetic_hazards_seed(codes=codes, per_country=count, seed=seed)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"SYNTHETIC data: {hazards} hazard areas and {tasks} land-release tasks in {', '.join(codes)}."
        )

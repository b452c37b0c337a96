"""Import hazard areas or land-release activities from a GIS file, all or nothing; --dry-run previews.

GeoJSON, GeoPackage, zipped Shapefile or KML, in any coordinate reference system; attributes as docs/maps.md maps
them (IMSMA Core's hazard export names included)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from kb.choices import ReviewStatusChoices
from kb.management.data_command import DataCommand
from kb.models import Area, Source
from kb.services.imports import ImportRejected
from kb.services.imports.geo import geo_import
from kb.services.imports.geo_mapping import GEO_RESOURCES


class Command(DataCommand):
    help = "Import polygons from a GeoJSON, GeoPackage, zipped Shapefile or KML file. Any error rejects the file."

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=sorted(GEO_RESOURCES))
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="Slug of the source every feature cites.")
        parser.add_argument("--country", help="Country or area code for features without a country_code.")
        parser.add_argument("--dry-run", action="store_true", help="Check every feature and report; write nothing.")
        parser.add_argument(
            "--no-repair",
            dest="repair",
            action="store_false",
            help="Reject invalid geometries instead of repairing them (GEOS MakeValid, as ST_MakeValid).",
        )
        parser.add_argument(
            "--status",
            choices=[ReviewStatusChoices.DRAFT, ReviewStatusChoices.PUBLISHED],
            default=ReviewStatusChoices.DRAFT,
            help="Review status of the new records (default: draft).",
        )
        parser.add_argument("--user", help="Username to attribute the import to (its permissions then apply).")

    def handle(self, *args, resource, file, source, country, dry_run, repair, status, user, **options):
        if not file.is_file():
            raise CommandError(f"Cannot read {file}.")
        try:
            result = geo_import(
                resource=resource,
                path=file,
                source=self._get(Source, slug=source),
                country=self._get(Area, code=country.upper()) if country else None,
                by=self._get(get_user_model(), username=user) if user else None,
                repair=repair,
                dry_run=dry_run,
                initial_status=status,
                keep_records=options["verbosity"] >= 2,
            )
        except ImportRejected as exc:
            raise CommandError(f"{file.name} rejected, nothing was written:\n{exc}") from exc
        for line in result.repaired:
            self.stdout.write(line)
        if options["verbosity"] >= 2:
            for record in result.records:
                self.stdout.write(f"{record.source_locator}: {record} ({record.geometry.num_geom} polygons)")
        prefix = "Dry run, nothing written: would import" if dry_run else "Imported"
        self.stdout.write(f"{prefix} {result.count} {resource} from {file.name}.")

    @staticmethod
    def _get(model, **lookup):
        try:
            return model.objects.get(**lookup)
        except model.DoesNotExist:
            value = next(iter(lookup.values()))
            raise CommandError(f"No {model._meta.verbose_name} {value!r}.") from None

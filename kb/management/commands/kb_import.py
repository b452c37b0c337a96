"""Import a CSV or XLSX file into one resource, all or nothing; --dry-run shows what would change."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kb.choices import ReviewStatusChoices
from kb.services.imports import RESOURCES, ImportRejected, rows_import


class Command(BaseCommand):
    help = "Import a CSV/XLSX file (optionally HXL-tagged) into one resource. Any error rejects the whole file."

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=sorted(RESOURCES))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--status",
            choices=[ReviewStatusChoices.DRAFT, ReviewStatusChoices.PUBLISHED],
            default=ReviewStatusChoices.DRAFT,
            help="Review status of new records (default: draft).",
        )

    def handle(self, *args, resource, file, dry_run, status, **options):
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            report = rows_import(
                resource=resource, content=content, filename=file.name, dry_run=dry_run, initial_status=status
            )
        except ImportRejected as exc:
            raise CommandError(f"{file.name} rejected, nothing was written:\n{exc}") from exc
        verbosity = options["verbosity"]
        if verbosity >= 2:
            for row in report.rows:
                self.stdout.write(f"row {row.row}: {row.outcome} {row.record}")
                for column, (old, new) in row.diff.items():
                    self.stdout.write(f"    {column}: {old!r} -> {new!r}")
        totals = report.totals
        prefix = "Dry run, nothing written: would import" if dry_run else "Imported"
        self.stdout.write(
            f"{prefix} {file.name} into {resource}: "
            f"{totals['new']} new, {totals['changed']} changed, {totals['unchanged']} unchanged."
        )

"""Import a CSV or XLSX file into one resource, all or nothing; --dry-run shows what would change.

A real import is recorded as an import batch (listed, and revertible, in the admin under Import batches)."""

import argparse
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from kb.choices import ReviewStatusChoices
from kb.management.data_command import DataCommand
from kb.models import ImportBatch, ImportBatchStatusChoices
from kb.services.imports import RESOURCES, ImportRejected, rows_import
from kb.services.imports.batches import import_batch_held, import_batch_reject
from kb.services.imports.error_report import error_report_build


class Command(DataCommand):
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
        parser.add_argument("--user", help="Username to attribute the import to (its permissions then apply).")
        parser.add_argument(
            "--diff",
            action="store_true",
            help="List every row: the changes of a changed row, the values of a new one (as -v 2 does).",
        )
        parser.add_argument(
            "--errors",
            type=Path,
            metavar="FILE",
            help="If the file is rejected, write its rejected rows here with a 'message' column, in the file's own "
            "format, to send back to its provider.",
        )
        parser.add_argument(
            "--bulk",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Statistics only: --bulk checks and inserts the file in sets (new records only), --no-bulk row by "
            "row. Default: bulk for large files of new records.",
        )

    def handle(self, *args, resource, file, dry_run, status, user, bulk, diff, errors, **options):
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        by = self._user(user)
        verbosity = options["verbosity"]
        batch = None
        if not dry_run:
            batch = ImportBatch.objects.create(
                resource=resource,
                filename=file.name,
                content=content,
                created_by=by,
                status=ImportBatchStatusChoices.RUNNING,
            )

        def progress(done: int, total: int) -> None:
            if verbosity >= 1 and total > 1000:
                sys.stderr.write(f"\r  {done}/{total} rows")
                if done == total:
                    sys.stderr.write("\n")

        try:
            with import_batch_held(batch):
                report = rows_import(
                    resource=resource,
                    content=content,
                    filename=file.name,
                    dry_run=dry_run,
                    initial_status=status,
                    by=by,
                    batch_id=batch.pk if batch else None,
                    progress=progress,
                    bulk=bulk,
                )
        except ImportRejected as exc:
            if batch:
                import_batch_reject(batch, exc, content)
                batch.save(update_fields=["status", "report", "content"])
            if errors:
                self._write_errors(errors, content=content, filename=file.name, issues=exc.issues)
            raise CommandError(f"{file.name} rejected, nothing was written:\n{exc}") from exc
        if batch:
            batch.status = ImportBatchStatusChoices.APPLIED
            batch.applied_at = timezone.now()
            batch.totals = report.totals
            batch.rows_total = batch.rows_done = sum(report.totals.values())
            batch.save(update_fields=["status", "applied_at", "totals", "rows_total", "rows_done"])
        if verbosity >= 2 or diff:
            for row in report.rows:
                self.stdout.write(f"row {row.row}: {row.outcome} {row.record}")
                for column, (old, new) in row.diff.items():
                    self.stdout.write(f"    {column}: {old!r} -> {new!r}")
                for column, value in row.values.items():
                    self.stdout.write(f"    {column}: {value!r}")
        totals = report.totals
        prefix = "Dry run, nothing written: would import" if dry_run else "Imported"
        suffix = f" (batch {batch.pk})" if batch else ""
        self.stdout.write(
            f"{prefix} {file.name} into {resource}: "
            f"{totals['new']} new, {totals['changed']} changed, {totals['unchanged']} unchanged{suffix}."
        )

    def _write_errors(self, path: Path, *, content: bytes, filename: str, issues) -> None:
        report, _name = error_report_build(content=content, filename=filename, issues=issues)
        try:
            path.write_bytes(report)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}") from exc
        self.stderr.write(f"Rejected rows written to {path}.")

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None

"""Delete export jobs past their expiry with their files (KB_EXPORT_RETENTION_DAYS); run it daily from cron."""

from django.core.management.base import BaseCommand

from kb.services.export_jobs import export_jobs_expired, export_jobs_prune


class Command(BaseCommand):
    help = "Delete finished export jobs past their expiry, and old failed ones, with their files."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, dry_run, **options):
        count = export_jobs_expired().count() if dry_run else export_jobs_prune()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{'Would delete' if dry_run else 'Deleted'} {count} export jobs.")

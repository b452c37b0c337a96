"""Revert an applied import batch from the command line, as the admin's *Revert the selected imports* does.

For scripts, and for an operator who wants the outcome at once: the admin reverts a batch of more than
KB_IMPORT_BACKGROUND_ROWS rows through the task worker (a revert job; 250,000 new records took 38 s on the benchmark
machine, beyond gunicorn's default 30 s a request), this command in its own process, whatever the size."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kb.admin.messages import revert_message
from kb.models import ImportBatch
from kb.services.batch_revert import import_batch_revert
from kb.services.review import REVIEW_PERMISSION


class Command(BaseCommand):
    help = "Revert an applied import batch: delete what it created, restore what it changed or deleted."

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int, help="The batch's id (admin → Import batches).")
        parser.add_argument(
            "--user", help="Username the revert is recorded under in the history (needs the review permission)."
        )

    def handle(self, *args, batch, user, **options):
        found = ImportBatch.objects.filter(pk=batch).first()
        if found is None:
            raise CommandError(f"No import batch {batch}.")
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user {user!r}.")
            if not by.has_perm(f"kb.{REVIEW_PERMISSION}"):
                raise CommandError(f"{user} may not revert imports (a reviewer's permission).")
        try:
            counts = import_batch_revert(batch=found, by=by)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if options["verbosity"] >= 1:
            self.stdout.write(revert_message(found, counts))

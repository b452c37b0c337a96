"""Publish a release: every public resource as published at a moment, frozen in one Data Package archive.

Operators run it from cron or by hand at the end of a reporting period (`kb_release 2026-12 --as-of 2026-12-31`);
staff can do the same from the admin (Releases → Add)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kb.services.history import moment_parse
from kb.services.releases import release_build, release_check, release_publish


class Command(BaseCommand):
    help = "Publish a named release (a frozen as-of snapshot of every public resource as a Data Package zip)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The release's name, e.g. 2026-12.")
        parser.add_argument(
            "--as-of", help="The moment to freeze: YYYY-MM-DD (end of day, UTC) or ISO 8601. Default: now."
        )
        parser.add_argument("--title", default="", help="A title for the release.")
        parser.add_argument(
            "--user", help="Username to attribute the release to (needs the publish_release permission)."
        )
        parser.add_argument("--output", type=Path, help="Also write the archive to this file.")
        parser.add_argument("--dry-run", action="store_true", help="Build the archive and report; store nothing.")

    def handle(self, *args, name, as_of, title, user, output, dry_run, **options):
        try:
            moment = moment_parse(as_of) if as_of else timezone.now()
        except ValueError:
            raise CommandError(f"--as-of {as_of!r}: use YYYY-MM-DD or an ISO 8601 date and time.") from None
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user {user!r}.")
        try:
            if dry_run:
                release_check(name=name, as_of=moment)
                build = release_build(name=name, title=title, as_of=moment, published_at=timezone.now())
                archive, package = build.archive, build.datapackage
            else:
                release = release_publish(name=name, as_of=moment, title=title, by=by)
                archive, package = bytes(release.archive), release.datapackage
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        if output:
            output.write_bytes(archive)
        if options["verbosity"] >= 1:
            for resource in package["resources"]:
                self.stdout.write(f"{resource['name']:<18} {resource['rows']:>8} rows")
            verb = "Would publish" if dry_run else "Published"
            self.stdout.write(f"{verb} release {name} as of {moment.isoformat()}: {len(archive)} bytes.")

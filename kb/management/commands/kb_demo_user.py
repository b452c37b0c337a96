"""Create (or reset) the demo staff login and print its password. Refuses to run with DEBUG off."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create or reset the 'demo' superuser with a fresh random password (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("kb_demo_user only runs with DEBUG on: a demo login has no place in production.")
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Demo staff login for /admin/: username {username!r}, password {password!r}")

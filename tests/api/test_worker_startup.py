"""What a web worker loads before its first request stays what every request needs: openpyxl (about 12 MB a worker)
waits until a workbook is read or written. Before, django-import-export's admin module (autodiscovered while it was
an installed app) and the export code loaded it into every worker at start."""

import os
import subprocess
import sys

from django.conf import settings
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kb.services.imports.widgets import WORKBOOK_ILLEGAL

STARTUP = """
import sys, django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # the URL conf: every view, the admin and the API
import config.wsgi
print(",".join(sorted(name for name in ("openpyxl", "tablib.formats._xlsx") if name in sys.modules)))
"""


def test_a_worker_starts_without_openpyxl():
    started = subprocess.run(
        [sys.executable, "-c", STARTUP],
        cwd=settings.BASE_DIR,
        env={**os.environ, "PYTHONPATH": str(settings.BASE_DIR)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert started.stdout.strip() == ""


def test_the_characters_a_workbook_cannot_hold_are_openpyxls():
    assert WORKBOOK_ILLEGAL.pattern == ILLEGAL_CHARACTERS_RE.pattern

"""Export one resource in the import format (CSV, HXL-tagged CSV or XLSX)."""

import sys
from pathlib import Path

from kb.management.data_command import DataCommand
from kb.services.exports import FORMATS, rows_export
from kb.services.imports import RESOURCES


class Command(DataCommand):
    help = "Export one resource in the same columns kb_import reads."

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=sorted(RESOURCES))
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, resource, format, output, **options):
        content = rows_export(resource=resource, fmt=format)
        if output:
            output.write_bytes(content)
        else:
            sys.stdout.buffer.write(content)

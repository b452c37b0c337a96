"""Every API route in every format it offers, and the public pages, as a manifest of response hashes.

A refactoring that must not change what the site serves is checked by saving a manifest before and comparing after:

    scripts/compare_responses.py --save /tmp/before.json      # on the code as it was
    scripts/compare_responses.py --compare /tmp/before.json   # after the change: lists what differs, exit 1 if any

Each run loads the reference data, the public record and the demo data (as `make run` does) into a database of its
own (test_<name>_compare, dropped afterwards), so two runs see the same records. What would differ between two runs
is neutralised, not hidden: every time stamp the load wrote is relabelled in order (the n-th distinct moment becomes
2026-01-01 00:00:00 + n seconds), and "now" for the requests is that moment plus a year. Only status, content type and
body are compared; headers that name the moment of the request (Date) are never recorded. What legitimately differs
per request is normalised before hashing, nothing else: CSRF tokens, and the moment an archive (XLSX, zip,
GeoPackage) was written (body_normalised). `--bodies DIR` also writes each body, to read a difference.

Two runs on the same code are to give no difference: docs/development/style.md has the commands and the last
figures (1,746 responses; 6 differed, all the treaty-actions list, whose ties the change after that run breaks).

The requests are derived from the OpenAPI schema, not listed here: each GET operation in each format its `format`
parameter offers, one detail of the first and last record of each list, every value of each enum-valued parameter,
a filter by a value the list itself shows, a second page, and field selection; then the public pages in en, uk, ru
and the chart downloads they link to.
"""

import argparse
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()
# 4xx answers are requested on purpose; a 500 is still logged.
logging.getLogger("django.request").setLevel(logging.ERROR)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from drf_spectacular.generators import SchemaGenerator  # noqa: E402

EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NOW = EPOCH + dt.timedelta(days=365)
LANGUAGES = ("en", "uk", "ru")
# Query parameters whose every enum value is requested (format is requested per route; the rest are lists of
# values whose single values already appear).
SKIPPED_ENUMS = {"format", "pagination"}
LINK = re.compile(r'href="(/(?:en|uk|ru)/[^"#]*)"')
# Per request by design: the masked CSRF token of a page's forms (and of Swagger UI's requests).
CSRF_TOKEN = re.compile(rb'(csrfmiddlewaretoken" value="|X-CSRFTOKEN"\] = ")[A-Za-z0-9]{64}')
# The moment an archive was written: openpyxl stamps the workbook's creation and its zip members with the clock,
# and GDAL the GeoPackage's contents and metadata tables.
WORKBOOK_MOMENT = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")
GPKG_MOMENT = re.compile(r"'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z'")


def body_normalised(body: bytes) -> bytes:
    """The body less what legitimately differs between two requests for the same data: CSRF tokens, and the moment
    a zip (XLSX) or GeoPackage file was written. An archive is compared member by member, by name and content."""
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            members = [(name, archive.read(name)) for name in sorted(archive.namelist())]
        return b"".join(
            name.encode() + b"\0" + WORKBOOK_MOMENT.sub(rb"\1", content) + b"\0" for name, content in members
        )
    if body.startswith(b"SQLite format 3\0"):
        with tempfile.NamedTemporaryFile(suffix=".gpkg") as file:
            file.write(body)
            file.flush()
            database = sqlite3.connect(file.name)
            lines = [
                GPKG_MOMENT.sub("''", line)
                if line.startswith(('INSERT INTO "gpkg_contents"', 'INSERT INTO "gpkg_metadata'))
                else line
                for line in database.iterdump()
            ]
            database.close()
        return "\n".join(lines).encode()
    return CSRF_TOKEN.sub(rb"\1", body)


def database_create() -> None:
    """A fresh database of this script's own, migrated and loaded like `make run`."""
    connection.settings_dict["TEST"]["NAME"] = f"test_{connection.settings_dict['NAME']}_compare"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    call_command("createcachetable", verbosity=0)
    call_command("kb_seed_demo", "--public", verbosity=0)
    timestamps_relabel()


def timestamps_relabel() -> None:
    """Replace each distinct moment stored by the load with EPOCH + its rank in seconds: order and ties are kept,
    the wall clock of the run is not. Triggers are off meanwhile so the history does not record the relabelling.
    When the migrations were applied is left out: it is no response's, and a schema migrated in fewer steps would
    otherwise shift every later moment's rank."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns c JOIN information_schema.tables t "
            "USING (table_schema, table_name) WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' "
            "AND c.data_type = 'timestamp with time zone' AND table_name <> 'django_migrations' ORDER BY 1, 2"
        )
        columns = cursor.fetchall()
        union = " UNION ".join(f'SELECT "{column}" AS moment FROM "{table}"' for table, column in columns)
        cursor.execute(
            f"CREATE TEMP TABLE relabel AS SELECT moment, %s + make_interval(secs => "
            f"dense_rank() OVER (ORDER BY moment)) AS relabelled FROM ({union}) m WHERE moment IS NOT NULL",
            [EPOCH],
        )
        for table in sorted({table for table, _ in columns}):
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
        for table, column in columns:
            cursor.execute(
                f'UPDATE "{table}" SET "{column}" = r.relabelled FROM (SELECT DISTINCT moment, relabelled '
                f'FROM relabel) r WHERE "{table}"."{column}" = r.moment'
            )
        for table in sorted({table for table, _ in columns}):
            cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
        cursor.execute("DROP TABLE relabel")


def get_operations() -> dict[str, dict]:
    """GET operations of the OpenAPI schema by path template."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {path: ops["get"] for path, ops in sorted(schema["paths"].items()) if "get" in ops}


def parameters(operation: dict, where: str) -> dict[str, dict]:
    return {p["name"]: p.get("schema", {}) for p in operation.get("parameters", []) if p["in"] == where}


def results(response) -> list[dict]:
    """The records of a JSON list response (paginated or not)."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return []
    if isinstance(data, dict):
        data = data.get("results", data.get("features", []))
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


class Crawl:
    def __init__(self, bodies: Path | None = None) -> None:
        self.client = Client()
        self.bodies = bodies
        self.manifest: dict[str, dict] = {}
        self.responses: dict[str, object] = {}

    def get(self, url: str, **headers):
        """The response to a GET, recorded in the manifest; a URL asked for twice is requested once."""
        key = url + "".join(f" [{name}: {value}]" for name, value in sorted(headers.items()))
        if key in self.responses:
            return self.responses[key]
        response = self.responses[key] = self.client.get(url, headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        self.manifest[key] = {
            "status": response.status_code,
            "content_type": response.get("Content-Type", ""),
            "sha256": hashlib.sha256(body_normalised(body)).hexdigest(),
        }
        if self.bodies:
            (self.bodies / hashlib.sha256(key.encode()).hexdigest()[:16]).write_bytes(key.encode() + b"\n" + body)
        return response

    def api(self) -> None:
        operations = get_operations()
        # Values for path parameters, read from each list: its first and last record, by list path and field.
        values: dict[tuple[str, str], list[str]] = {}
        for path, operation in operations.items():
            if "{" not in path:
                self.list_route(path, operation, values)
        for path, operation in operations.items():
            if "{" in path:
                self.detail_route(path, operation, values)
        for url in ("/api/schema/", "/api/schema/?format=json", "/api/docs/", "/api/redoc/", "/api/v1/"):
            self.get(url)

    def list_route(self, path: str, operation: dict, values: dict[tuple[str, str], list[str]]) -> None:
        query = parameters(operation, "query")
        self.get(path)
        self.get(path, Accept="text/csv")
        for fmt in query.get("format", {}).get("enum", []):
            self.get(f"{path}?format={fmt}")
        response = self.get(f"{path}?limit=1000" if "limit" in query else path)
        records = results(response)
        for record in records[:1] + records[-1:]:
            for name, value in record.items():
                if isinstance(value, str | int) and not isinstance(value, bool):
                    values.setdefault((path, name), []).append(str(value))
        self.variants(path, query, records[0] if records else {})

    def variants(self, path: str, query: dict[str, dict], record: dict) -> None:
        """Enum values, a filter by a shown value, a second page, field selection, as_of."""
        for name, schema in query.items():
            if name not in SKIPPED_ENUMS:
                for value in schema.get("enum", []) or schema.get("items", {}).get("enum", [])[:4]:
                    self.get(f"{path}?{name}={value}")
            if schema.get("type") == "string" and isinstance(record.get(name), str):
                self.get(f"{path}?{name}={record[name]}")
                self.get(f"{path}?{name}={record[name]}&format=csv")
        if "limit" in query:
            self.get(f"{path}?limit=2&offset=2")
            self.get(f"{path}?pagination=cursor&limit=2")
        if "fields" in query and record:
            names = ",".join(list(record)[:2])
            self.get(f"{path}?fields={names}")
            self.get(f"{path}?omit={names}")
            self.get(f"{path}?fields={names}&format=csv")
            self.get(f"{path}?fields=no_such_field")
        for name in ("as_of", "on"):
            if name in query:
                self.get(f"{path}?{name}=2026-06-01")
        self.get(f"{path}?no_such_parameter=1")
        self.get(f"{path}?format=no-such-format")

    def detail_route(self, path: str, operation: dict, values: dict[tuple[str, str], list[str]]) -> None:
        query = parameters(operation, "query")
        names = list(parameters(operation, "path"))
        listed = path[: path.index("{")]  # /api/v1/countries/{iso3}/profile/ takes the values of /api/v1/countries/
        choices = [values.get((listed, name), values.get((listed, "id"), ["0"])) for name in names]
        for index in range(max(len(c) for c in choices)):
            url = path
            for name, options in zip(names, choices, strict=True):
                url = url.replace("{" + name + "}", options[index % len(options)])
            self.get(url)
            for fmt in query.get("format", {}).get("enum", []):
                self.get(f"{url}?format={fmt}")
            self.variants(url, query, {})
        self.get(path.replace("{", "").replace("}", "") + "?format=json")  # a detail that does not exist

    def pages(self) -> None:
        self.get("/")
        for language in LANGUAGES:
            for url in (f"/{language}/", f"/{language}/countries/", f"/{language}/countries/?all=1"):
                response = self.get(url)
                links = sorted(set(LINK.findall(response.content.decode())))
                for link in links[:40]:
                    followed = self.get(link.replace("&amp;", "&"))
                    if link.endswith("/") and followed.status_code == 200:
                        for chart in sorted(set(LINK.findall(followed.content.decode()))):
                            if ".csv" in chart:
                                self.get(chart.replace("&amp;", "&"))


def manifest_build(bodies: Path | None = None) -> dict[str, dict]:
    setup_test_environment()
    database_create()
    try:
        with mock.patch.object(timezone, "now", return_value=NOW):
            crawl = Crawl(bodies)
            crawl.api()
            crawl.pages()
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    return crawl.manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, help="write the manifest to this file")
    mode.add_argument("--compare", type=Path, help="compare with a saved manifest; exit 1 if anything differs")
    parser.add_argument("--bodies", type=Path, help="also write each body (after its request line) to this folder")
    args = parser.parse_args()
    if args.bodies:
        args.bodies.mkdir(parents=True, exist_ok=True)
    manifest = manifest_build(args.bodies)
    if args.save:
        args.save.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        print(f"{len(manifest)} responses saved to {args.save}")
        return 0
    saved = json.loads(args.compare.read_text())
    differing = sorted(key for key in saved.keys() | manifest.keys() if saved.get(key) != manifest.get(key))
    for key in differing:
        print(f"{key}\n  before: {saved.get(key)}\n  after:  {manifest.get(key)}")
    print(f"{len(manifest)} responses, {len(saved)} saved: {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())

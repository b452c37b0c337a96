"""The Ukrainian and Russian catalogues (kb/, api/ and web/locale) are complete, compiled, and used; the content
the project ships (treaty, programme and area names and descriptions) is in Ukrainian and Russian too."""

import csv
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from kb.management.commands.kb_seed_demo import DEMO_FILES, REFERENCE_FILES
from kb.services.imports import RESOURCES
from kb.services.imports.reader import is_hxl_row
from kb.services.public_record import PUBLIC_FILES
from kb.translations import CONTENT_LANGUAGES, translation_gaps
from tests.test_fixture_examples import EXAMPLES

# app -> the least number of entries its catalogue has (a catalogue emptied by mistake fails too)
CATALOGUES = {"kb": 300, "api": 30, "web": 100}


def entries(po: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) of every entry but the header, read with a small gettext .po parser."""
    found, msgid, msgstrs, fuzzy, current = [], None, [], False, None

    def flush():
        if msgid:
            found.append((msgid, msgstrs, fuzzy))

    for line in [*po.read_text().splitlines(), ""]:
        if not line.strip():
            flush()
            msgid, msgstrs, fuzzy, current = None, [], False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, current = line[6:].strip().strip('"'), "id"
        elif line.startswith("msgid_plural"):
            current = "plural"
        elif line.startswith("msgstr"):
            msgstrs.append(line.split(" ", 1)[1].strip().strip('"'))
            current = "str"
        elif line.startswith('"') and current == "id":
            msgid += line.strip().strip('"')
        elif line.startswith('"') and current == "str":
            msgstrs[-1] += line.strip().strip('"')
    return found


@pytest.mark.parametrize("app", CATALOGUES)
@pytest.mark.parametrize("language", ["uk", "ru"])
def test_catalogue_is_complete_and_compiled(app, language):
    po = Path(settings.BASE_DIR) / app / "locale" / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    items = entries(po)
    assert len(items) > CATALOGUES[app]
    untranslated = [msgid for msgid, msgstrs, _ in items if not all(msgstrs)]
    fuzzy = [msgid for msgid, _, is_fuzzy in items if is_fuzzy]
    assert untranslated == [] and fuzzy == []
    assert mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime - 1, "run `make messages` after editing"


@pytest.mark.django_db
def test_admin_speaks_ukrainian(admin_client):
    page = admin_client.get("/admin/", headers={"Accept-Language": "uk"}).content.decode()
    assert "Landmine-impact knowledge base" not in page
    assert (
        "Чернетка"
        in admin_client.get(
            "/admin/kb/casualtyrecord/?status__exact=draft", headers={"Accept-Language": "uk"}
        ).content.decode()
    )


# Content held in three languages (kb/translations.py): every row the project ships has its Ukrainian and Russian text.
TRANSLATED_MODELS = [m for m in apps.get_app_config("kb").get_models() if hasattr(m, "TRANSLATED_FIELDS")]
SHIPPED_FILES = [
    *REFERENCE_FILES,
    *PUBLIC_FILES,
    *DEMO_FILES,
    *((resource, path) for resource, path in EXAMPLES.items() if path.startswith("examples/")),
]


def _content_gaps(rows: list[dict], fields: tuple[str, ...], key: list[str]) -> list[str]:
    """ "<key> <field>_<language>" for each row with English text in `field` and none in that language."""
    return [
        f"{' '.join(row[column] for column in key)} {field}_{language}"
        for row in rows
        for field in fields
        for language in CONTENT_LANGUAGES
        if row.get(field) and not row.get(f"{field}_{language}")
    ]


@pytest.mark.parametrize(
    ("resource", "path"),
    [(r, p) for r, p in SHIPPED_FILES if hasattr(RESOURCES[r]._meta.model, "TRANSLATED_FIELDS")],
    ids=lambda value: value,
)
def test_every_shipped_file_row_has_its_content_in_ukrainian_and_russian(resource, path):
    """The reference, public-record, demo and example files: their rows reach every database with these texts."""
    resource_class = RESOURCES[resource]
    with (Path(settings.BASE_DIR) / "fixtures" / path).open(newline="", encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if not is_hxl_row(list(row.values()))]
    assert rows, path
    assert _content_gaps(rows, resource_class._meta.model.TRANSLATED_FIELDS, resource_class.key_columns()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", TRANSLATED_MODELS, ids=lambda model: model.__name__)
def test_every_seeded_row_has_its_content_in_ukrainian_and_russian(model):
    """What the seed loads (the ISO 3166 list included) is translated: rows without text in a language are listed."""
    gaps = [
        f"{record.pk} {record} {field}_{language}"
        for record in model.objects.order_by("pk")
        for field, language in translation_gaps(record, model.TRANSLATED_FIELDS)
    ]
    assert gaps == []

"""The Ukrainian and Russian catalogues (kb/, api/ and web/locale) are complete, compiled, and used."""

from pathlib import Path

import pytest
from django.conf import settings

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

"""The ISO 3166-1 country list (django-countries) as an import file, so countries load like any other data."""

import csv
import io
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django_countries import countries

from kb.choices import AreaKindChoices
from kb.services.imports.reference import AreaResource

CENTROIDS = Path(settings.BASE_DIR) / "fixtures" / "reference" / "area-centroids.csv"


def _centroids() -> dict[str, tuple[str, str]]:
    with CENTROIDS.open(newline="") as handle:
        return {row["code"]: (row["latitude"], row["longitude"]) for row in csv.DictReader(handle)}


# django-countries' Russian catalogue gives some names in the genitive case ("Мьянмы") or spaced ("Сан - Марино");
# these are the nominative names of the Russian classifier of countries (OKSM).
RUSSIAN_NAMES = {
    "LR": "Либерия",
    "MM": "Мьянма",
    "NC": "Новая Каледония",
    "SM": "Сан-Марино",
    "MF": "Сен-Мартен (французская часть)",
    "SX": "Синт-Мартен (нидерландская часть)",
    "SH": "Святая Елена, Остров Вознесения, Тристан-да-Кунья",
}


def iso_areas_csv() -> bytes:
    """Every ISO 3166-1 country with its alpha-3 code, its names in English, Ukrainian and Russian, and a
    representative point for maps (fixtures/reference/area-centroids.csv)."""
    names: dict[str, dict[str, str]] = {}
    for language in ("en", "uk", "ru"):
        with translation.override(language):
            for country in countries:
                names.setdefault(country.code, {})[language] = str(country.name)
    for code, name in RUSSIAN_NAMES.items():
        names[code]["ru"] = name
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "kind", "name", "name_uk", "name_ru", "iso2", "latitude", "longitude"])
    points = _centroids()
    for code, by_language in sorted(names.items()):
        alpha3 = countries.alpha3(code)
        if alpha3:
            latitude, longitude = points.get(alpha3, ("", ""))
            writer.writerow(
                [
                    alpha3,
                    AreaKindChoices.COUNTRY,
                    by_language["en"],
                    by_language["uk"],
                    by_language["ru"],
                    code,
                    latitude,
                    longitude,
                ]
            )
    return buffer.getvalue().encode("utf-8")


__all__ = ["AreaResource", "iso_areas_csv"]

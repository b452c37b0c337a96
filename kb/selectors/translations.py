"""How much of the content held in three languages is translated (kb/translations.py)."""

from dataclasses import dataclass

from django.db.models import Model

from kb.translations import CONTENT_LANGUAGES, untranslated_q


@dataclass(frozen=True)
class LanguageCoverage:
    """Of `total` rows, `complete` have every translated field in `language` (rows without English text count)."""

    language: str
    complete: int
    total: int


def translation_coverage_list(*, model: type[Model]) -> list[LanguageCoverage]:
    """Per content language, how many rows of `model` are fully translated."""
    rows = model.objects.order_by()
    total = rows.count()
    return [
        LanguageCoverage(
            language=language,
            complete=total - rows.filter(untranslated_q(model.TRANSLATED_FIELDS, language)).count(),
            total=total,
        )
        for language in CONTENT_LANGUAGES
    ]

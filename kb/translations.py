"""Content in three languages: English in the field itself (`name`), Ukrainian and Russian beside it (`name_uk`,
`name_ru`), as Area has always held its names.

Plain columns rather than a translation library: pghistory builds each history table from the fields a model has
when its class is defined, so columns a library adds later would be missing from the history, and a translation
edit would leave no trace in it. A missing translation is an empty string; readers fall back to English and say so
(`LocalizedText.language`), and lists sort by the shown text in the language's own alphabetical order.
"""

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("uk", "ru")
SOURCE_LANGUAGE = "en"
# The languages a text can be given in (the API's `<field>_language`; one OpenAPI enum, config/settings/base.py).
TEXT_LANGUAGES = [SOURCE_LANGUAGE, *CONTENT_LANGUAGES]

# PostgreSQL's ICU collations (Debian's server is built with ICU): each language's alphabetical order, so Ukrainian
# lists Angola before Yemen and Iraq (code-point order puts the letters Ye and I before A).
COLLATIONS = {"uk": "uk-x-icu", "ru": "ru-x-icu"}
DEFAULT_COLLATION = "und-x-icu"


def active_language() -> str:
    """The active language's two-letter code ("en" outside a request)."""
    return (get_language() or SOURCE_LANGUAGE)[:2]


class LocalizedText(str):
    """A record's text in the active language; `language` is the language the text is really in ("en" where the
    translation is missing), so pages and the API can mark an English fallback. `by_us` is true for a translation of
    ours, on records that say which of their translations a source gives (`translations_from_sources`)."""

    language: str
    by_us: bool

    def __new__(cls, text: str, language: str, by_us: bool = False):
        self = super().__new__(cls, text)
        self.language = language
        self.by_us = by_us
        return self

    @property
    def is_fallback(self) -> bool:
        return self.language != active_language()


def localized(record, field: str, language: str | None = None) -> LocalizedText:
    """`record.<field>` in `language` (default: the active one), falling back to English where it is empty."""
    language = language or active_language()
    if language in CONTENT_LANGUAGES:
        column = f"{field}_{language}"
        text = getattr(record, column)
        if text:
            return LocalizedText(text, language, by_us=translated_by_us(record, column))
    english = getattr(record, field)
    return LocalizedText(english, SOURCE_LANGUAGE if english else language)


def translated_by_us(record, column: str) -> bool:
    """Whether the translation in `column` (name_uk) is ours: the record tracks where its translations come from and
    no source gives this one."""
    given = getattr(record, "translations_from_sources", None)
    return given is not None and column not in given


def localized_expression(field: str, language: str | None = None):
    """SQL for the text `localized` shows: the translation, or English where it is empty (`field` may be a path such
    as "area__name")."""
    language = language or active_language()
    if language not in CONTENT_LANGUAGES:
        return F(field)
    return Coalesce(NullIf(F(f"{field}_{language}"), Value("")), F(field))


def collated(field: str, language: str | None = None) -> Collate:
    """Order by the shown text of `field` in the language's alphabetical order: `.order_by(collated("name"))`."""
    language = language or active_language()
    return Collate(localized_expression(field, language), COLLATIONS.get(language, DEFAULT_COLLATION))


def collated_positions(queryset: QuerySet, field: str, *then: str) -> dict[int, int]:
    """{pk: place} of the rows in the language's alphabetical order of `field` (then `then`): for sorting objects a
    computed answer holds (coverage rows, deadline standings) as the database would order their records."""
    ordered = queryset.order_by(collated(field), *then).values_list("pk", flat=True)
    return {pk: index for index, pk in enumerate(ordered)}


def translation_gaps(record, fields: tuple[str, ...]) -> list[tuple[str, str]]:
    """(field, language) pairs of `record` that have English text but no translation."""
    return [
        (field, language)
        for field in fields
        for language in CONTENT_LANGUAGES
        if getattr(record, field) and not getattr(record, f"{field}_{language}")
    ]


def untranslated_q(fields: tuple[str, ...], language: str) -> Q:
    """Rows with English text in any of `fields` but no `language` translation of it."""
    condition = Q(pk__in=[])
    for field in fields:
        condition |= ~Q(**{field: ""}) & Q(**{f"{field}_{language}": ""})
    return condition

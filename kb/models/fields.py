"""Builders for the kinds of field and constraint that recur across the models, so each is declared once.

Each returns an ordinary Django field or constraint; the migration sees exactly what a written-out declaration
would give."""

from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kb.translations import CONTENT_LANGUAGES

# Sums of money: up to 16 digits before the point (a national budget in any currency), two after.
MONEY_DIGITS = {"max_digits": 18, "decimal_places": 2}
# The longest free text a record holds. The API, the imports and the admin's forms all refuse longer text, so
# whatever is saved can be downloaded and imported again.
MAX_TEXT_CHARS = 10_000


def unix_newlines(text: str) -> str:
    """Line breaks as `\n`: a browser's text box sends `\r\n`, which a spreadsheet download keeps as `\n`."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class ProseFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return unix_newlines(value) if isinstance(value, str) else value


class ProseField(models.TextField):
    """Free text in our own words (notes, descriptions, reasons): at most MAX_TEXT_CHARS characters, line breaks
    stored as `\n` however the text arrives. Before, a note typed in the admin came back from its own XLSX download
    as a change (`\r\n` against `\n`), and one over the imports' limit could be saved but not imported again."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_TEXT_CHARS)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ProseFormField, **kwargs})

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str) and "\r" in value:
            value = unix_newlines(value)
            setattr(model_instance, self.attname, value)
        return value


def optional_field(field_class: type[models.Field], verbose_name, help_text="", **options) -> models.Field:
    """A value that may be unknown or not apply: NULL in the database (never 0 or a made-up date), may be left
    empty in forms."""
    return field_class(verbose_name=verbose_name, null=True, blank=True, help_text=help_text, **options)


def figure_field(verbose_name, help_text="", *, big=False) -> models.Field:
    """A count a source reports: NULL while nobody reported it (unknown, never 0). `big` for square metres and other
    counts that may pass two billion."""
    field_class = models.PositiveBigIntegerField if big else models.PositiveIntegerField
    return optional_field(field_class, verbose_name, help_text=help_text)


def user_field(verbose_name) -> models.ForeignKey:
    """The account that did something to the row; the row stays (the link becomes NULL) when the account goes."""
    return models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


def translated_fields(field_class: type[models.Field], english, ukrainian, russian, **options) -> tuple:
    """A text held in English, Ukrainian and Russian (kb/translations.py), as three fields:
    `name, name_uk, name_ru = translated_fields(...)`. A missing translation is left empty (readers fall back to
    English), so the Ukrainian and Russian fields may always be blank."""
    translation = {**options, "blank": True}
    return (
        field_class(verbose_name=english, **options),
        field_class(verbose_name=ukrainian, **translation),
        field_class(verbose_name=russian, **translation),
    )


class TranslationOriginsField(ArrayField):
    """The translated texts of a record that a source gives (`name_uk`, `title_ru`...), edited as checkboxes."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.base_field.choices,
            required=False,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


def translation_columns(fields: tuple[str, ...]) -> list[str]:
    """The Ukrainian and Russian columns of translated fields: name_uk, name_ru, ..."""
    return [f"{field}_{language}" for field in fields for language in CONTENT_LANGUAGES]


def translations_from_sources_field(fields: tuple[str, ...]) -> TranslationOriginsField:
    """Which Ukrainian and Russian texts of the record a source gives (an official name, a source's own wording).
    Every other translation is ours, and pages and the API mark it so; the default (none) is the safe one."""
    return TranslationOriginsField(
        models.CharField(max_length=40, choices=[(column, column) for column in translation_columns(fields)]),
        verbose_name=_("translations given by the sources"),
        default=list,
        blank=True,
        help_text=_(
            "Tick the Ukrainian and Russian texts taken from a source (an official name, a source's own wording). "
            "Every other translation is ours and is marked so on the public pages and in the API."
        ),
    )


def translations_from_sources_constraint(fields: tuple[str, ...]) -> models.CheckConstraint:
    """Only the record's own translation columns may be listed, and only when they hold a text."""
    columns = translation_columns(fields)
    condition = Q(translations_from_sources__contained_by=columns)
    for column in columns:
        condition &= ~Q(translations_from_sources__contains=[column]) | ~Q(**{column: ""})
    return models.CheckConstraint(
        condition=condition,
        name="%(app_label)s_%(class)s_translations_from_sources_valid",
        violation_error_message=_("Only a Ukrainian or Russian text the record holds can be given by the sources."),
    )


def currency_field(help_text) -> models.CharField:
    """The ISO 4217 code of the amounts beside it; empty where no amount is stated (see `currency_constraint`)."""
    return models.CharField(
        verbose_name=_("currency"),
        max_length=3,
        blank=True,
        help_text=help_text,
    )


def currency_constraint() -> models.CheckConstraint:
    """A currency, where one is given, is three capital letters (ISO 4217)."""
    return models.CheckConstraint(
        condition=Q(currency="") | Q(currency__regex=r"^[A-Z]{3}$"),
        name="%(app_label)s_%(class)s_currency_code",
        violation_error_message=_("Currency is an ISO 4217 code such as PLN."),
    )


def has_a_figure_constraint(fields: tuple[str, ...], message) -> models.CheckConstraint:
    """A record states at least one of `fields`: a row of unknowns says nothing."""
    return models.CheckConstraint(
        condition=~Q(**{f"{field}__isnull": True for field in fields}),
        name="%(app_label)s_%(class)s_has_a_figure",
        violation_error_message=message,
    )


def reference_field(to: str, verbose_name, *, related_name="+", optional=False, help_text="") -> models.ForeignKey:
    """A link to reference data or another record (an area, an organisation, a source, a treaty): protected, so
    nothing a record points at can be deleted from under it. `optional`: the link may be empty."""
    options = {"related_name": related_name, "null": optional, "blank": optional, "help_text": help_text}
    return models.ForeignKey(to, models.PROTECT, verbose_name=verbose_name, **options)


def choice_field(choices: type[models.TextChoices], verbose_name, *, max_length: int, **options) -> models.CharField:
    """A value from `choices`; the model's Meta backs it with `choices_constraint` (kb/models/base.py)."""
    return models.CharField(verbose_name=verbose_name, max_length=max_length, choices=choices.choices, **options)


def pattern_constraint(field: str, pattern: str, rule: str, message) -> models.CheckConstraint:
    """`field` matches the regular expression `pattern` (a code's or a name's format), named `<table>_<rule>`."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__regex": pattern}),
        name=f"%(app_label)s_%(class)s_{rule}",
        violation_error_message=message,
    )

"""Named programmes (fortification, clearance, risk education, victim assistance), who finances them and their
milestones."""

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kb.choices import DatePrecisionChoices, FinancingInstrumentChoices, MilestoneKindChoices, ProgrammeKindChoices
from kb.models.base import CitedModel, ReviewableModel, choices_constraint, feed_index
from kb.models.dependencies import PROGRAMME_DEPENDENTS, dependents_trigger
from kb.models.fields import (
    MONEY_DIGITS,
    choice_field,
    currency_constraint,
    currency_field,
    optional_field,
    reference_field,
    translated_fields,
    translations_from_sources_constraint,
    translations_from_sources_field,
)
from kb.periods import precise_date_format
from kb.translations import localized

# Texts held in English, Ukrainian and Russian (kb/translations.py); the Meta classes below need them by name.
PROGRAMME_TRANSLATED = ("name", "description")
MILESTONE_TRANSLATED = ("title", "notes")


@pghistory.track(meta=feed_index("programme"))
class Programme(ReviewableModel, CitedModel):
    """A named programme in a country, such as Poland's East Shield border fortification, from its sources."""

    # Held in English, Ukrainian and Russian (kb/translations.py).
    TRANSLATED_FIELDS = PROGRAMME_TRANSLATED

    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=100,
        unique=True,
    )
    name, name_uk, name_ru = translated_fields(
        models.CharField, _("name (English)"), _("name (Ukrainian)"), _("name (Russian)"), max_length=200
    )
    area = reference_field("kb.Area", _("country or area"), related_name="programmes")
    kind = choice_field(ProgrammeKindChoices, _("kind"), max_length=24)
    lead_organisation = reference_field(
        "kb.Organisation", _("lead organisation"), related_name="programmes", optional=True
    )
    started_on = optional_field(models.DateField, _("started on"))
    planned_end_on = optional_field(
        models.DateField, _("planned end"), help_text=_("'Complete by 2028' is stored as 2028-12-31.")
    )
    length_km = models.DecimalField(
        verbose_name=_("length (km)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For linear works such as border fortifications."),
    )
    budget = optional_field(models.DecimalField, _("budget"), **MONEY_DIGITS)
    currency = currency_field(_("ISO 4217 code of the budget (PLN, USD, EUR)."))
    budget_usd = optional_field(models.DecimalField, _("budget (USD)"), **MONEY_DIGITS)
    description, description_uk, description_ru = translated_fields(
        models.TextField,
        _("description (English)"),
        _("description (Ukrainian)"),
        _("description (Russian)"),
        blank=True,
    )
    translations_from_sources = translations_from_sources_field(TRANSLATED_FIELDS)

    class Meta(ReviewableModel.Meta):
        ordering = ["area__name", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        triggers = [*ReviewableModel.Meta.triggers, dependents_trigger(PROGRAMME_DEPENDENTS)]
        constraints = [
            *ReviewableModel.Meta.constraints,
            choices_constraint("kind", ProgrammeKindChoices),
            translations_from_sources_constraint(PROGRAMME_TRANSLATED),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(planned_end_on__gte=F("started_on")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("A programme cannot end before it starts."),
            ),
            currency_constraint(),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | ~Q(currency=""),
                name="%(app_label)s_%(class)s_budget_has_currency",
                violation_error_message=_("A budget needs its currency."),
            ),
            models.CheckConstraint(
                condition=(Q(length_km__isnull=True) | Q(length_km__gte=0))
                & (Q(budget__isnull=True) | Q(budget__gte=0))
                & (Q(budget_usd__isnull=True) | Q(budget_usd__gte=0)),
                name="%(app_label)s_%(class)s_non_negative",
                violation_error_message=_("Length and budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")


@pghistory.track(meta=feed_index("financing"))
class ProgrammeFinancing(ReviewableModel, CitedModel):
    """One financing decision as a source states it: who finances what, in which state, by which instrument, how much.

    `programme` is empty where the source ties the money to no named programme (the state's armed forces at large)."""

    # Held in English, Ukrainian and Russian (kb/translations.py).
    TRANSLATED_FIELDS = ("purpose",)
    published_with = ("programme",)

    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=100,
        unique=True,
        help_text=_("Key used by imports: financier, recipient, instrument, e.g. usa-pol-credit-guarantee-2025."),
    )
    area = reference_field("kb.Area", _("recipient state"), related_name="financing")
    programme = reference_field(
        "kb.Programme",
        _("programme"),
        related_name="financing",
        optional=True,
        help_text=_("Empty where the source names no programme."),
    )
    financier = reference_field(
        "kb.Organisation",
        _("financier"),
        help_text=_("The government, bank or fund that gives, lends or guarantees the money."),
    )
    instrument = choice_field(FinancingInstrumentChoices, _("instrument"), max_length=20)
    amount = optional_field(
        models.DecimalField, _("amount"), help_text=_("As the source states it; empty when not stated."), **MONEY_DIGITS
    )
    currency = currency_field(_("ISO 4217 code of the amount (USD, EUR, PLN)."))
    date = optional_field(
        models.DateField,
        _("date"),
        help_text=_("When the financing was approved or signed, as the source states it; empty when not stated."),
    )
    purpose, purpose_uk, purpose_ru = translated_fields(
        models.TextField, _("purpose (English)"), _("purpose (Ukrainian)"), _("purpose (Russian)"), blank=True
    )

    class Meta(ReviewableModel.Meta):
        ordering = ["area__name", "date", "slug"]
        verbose_name = _("programme financing")
        verbose_name_plural = _("programme financing")
        constraints = [
            *ReviewableModel.Meta.constraints,
            choices_constraint("instrument", FinancingInstrumentChoices),
            currency_constraint(),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | (~Q(currency="") & Q(amount__gte=0)),
                name="%(app_label)s_%(class)s_amount_has_currency",
                violation_error_message=_("An amount is not negative and needs its currency."),
            ),
        ]
        indexes = [
            # financing/?area= and the country profile
            models.Index(fields=["area", "date"], name="kb_financing_area_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.financier} {self.get_instrument_display()} {self.area.code}"


@pghistory.track(meta=feed_index("milestone"))
class ProgrammeMilestone(ReviewableModel, CitedModel):
    """A dated step in a programme's life as a source states it: announced, construction started, a section completed,
    completion planned. `date_precision` says whether the source gives the day, the month or only the year."""

    # Held in English, Ukrainian and Russian (kb/translations.py).
    TRANSLATED_FIELDS = MILESTONE_TRANSLATED
    published_with = ("programme",)

    programme = reference_field("kb.Programme", _("programme"), related_name="milestones")
    kind = choice_field(MilestoneKindChoices, _("kind"), max_length=20)
    date = models.DateField(
        verbose_name=_("date"),
        help_text=_("A month is stored as its first day, a year as 1 January; the precision says which."),
    )
    date_precision = choice_field(
        DatePrecisionChoices, _("date precision"), max_length=5, default=DatePrecisionChoices.DAY
    )
    title, title_uk, title_ru = translated_fields(
        models.CharField, _("title (English)"), _("title (Ukrainian)"), _("title (Russian)"), max_length=200
    )
    notes, notes_uk, notes_ru = translated_fields(
        models.TextField, _("notes (English)"), _("notes (Ukrainian)"), _("notes (Russian)"), blank=True
    )
    translations_from_sources = translations_from_sources_field(TRANSLATED_FIELDS)

    class Meta(ReviewableModel.Meta):
        ordering = ["programme__name", "date", "kind"]
        verbose_name = _("programme milestone")
        verbose_name_plural = _("programme milestones")
        constraints = [
            *ReviewableModel.Meta.constraints,
            choices_constraint("kind", MilestoneKindChoices),
            choices_constraint("date_precision", DatePrecisionChoices),
            translations_from_sources_constraint(MILESTONE_TRANSLATED),
            models.CheckConstraint(
                condition=Q(date_precision=DatePrecisionChoices.DAY)
                | Q(date_precision=DatePrecisionChoices.MONTH, date__day=1)
                | Q(date_precision=DatePrecisionChoices.YEAR, date__month=1, date__day=1),
                name="%(app_label)s_%(class)s_date_shape",
                violation_error_message=_(
                    "A month is stored as its first day and a year as 1 January (the precision says which)."
                ),
            ),
            models.UniqueConstraint(
                fields=["programme", "kind", "date"],
                name="%(app_label)s_%(class)s_one_per_day",
                violation_error_message=_("This programme already has a milestone of this kind on this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.get_kind_display()} {self.date_label}"

    @property
    def date_label(self) -> str:
        """The date as precisely as the source gives it: 2024-11-01, 2024-11 or 2028."""
        return precise_date_format(self.date, self.date_precision)

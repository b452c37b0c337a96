"""Named programmes (fortification, clearance, risk education, victim assistance), who finances them and their
milestones."""

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kb.choices import DatePrecisionChoices, FinancingInstrumentChoices, MilestoneKindChoices, ProgrammeKindChoices
from kb.models.base import CitedModel, ReviewableModel, choices_constraint, feed_index
from kb.models.dependencies import PROGRAMME_DEPENDENTS, dependents_trigger
from kb.periods import precise_date_format
from kb.translations import localized


@pghistory.track(meta=feed_index("programme"))
class Programme(ReviewableModel, CitedModel):
    """A named programme in a country, such as Poland's East Shield border fortification, from its sources."""

    # Held in English, Ukrainian and Russian (kb/translations.py).
    TRANSLATED_FIELDS = ("name", "description")

    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=100,
        unique=True,
    )
    name = models.CharField(
        verbose_name=_("name (English)"),
        max_length=200,
    )
    name_uk = models.CharField(
        verbose_name=_("name (Ukrainian)"),
        max_length=200,
        blank=True,
    )
    name_ru = models.CharField(
        verbose_name=_("name (Russian)"),
        max_length=200,
        blank=True,
    )
    area = models.ForeignKey(
        to="kb.Area",
        verbose_name=_("country or area"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=24,
        choices=ProgrammeKindChoices.choices,
    )
    lead_organisation = models.ForeignKey(
        to="kb.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="programmes",
        null=True,
        blank=True,
    )
    started_on = models.DateField(
        verbose_name=_("started on"),
        null=True,
        blank=True,
    )
    planned_end_on = models.DateField(
        verbose_name=_("planned end"),
        null=True,
        blank=True,
        help_text=_("'Complete by 2028' is stored as 2028-12-31."),
    )
    length_km = models.DecimalField(
        verbose_name=_("length (km)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For linear works such as border fortifications."),
    )
    budget = models.DecimalField(
        verbose_name=_("budget"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
    )
    currency = models.CharField(
        verbose_name=_("currency"),
        max_length=3,
        blank=True,
        help_text=_("ISO 4217 code of the budget (PLN, USD, EUR)."),
    )
    budget_usd = models.DecimalField(
        verbose_name=_("budget (USD)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
    )
    description = models.TextField(
        verbose_name=_("description (English)"),
        blank=True,
    )
    description_uk = models.TextField(
        verbose_name=_("description (Ukrainian)"),
        blank=True,
    )
    description_ru = models.TextField(
        verbose_name=_("description (Russian)"),
        blank=True,
    )

    class Meta(ReviewableModel.Meta):
        ordering = ["area__name", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        triggers = [*ReviewableModel.Meta.triggers, dependents_trigger(PROGRAMME_DEPENDENTS)]
        constraints = [
            *ReviewableModel.Meta.constraints,
            choices_constraint("kind", ProgrammeKindChoices),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(planned_end_on__gte=F("started_on")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("A programme cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(currency="") | Q(currency__regex=r"^[A-Z]{3}$"),
                name="%(app_label)s_%(class)s_currency_code",
                violation_error_message=_("Currency is an ISO 4217 code such as PLN."),
            ),
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

    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=100,
        unique=True,
        help_text=_("Key used by imports: financier, recipient, instrument, e.g. usa-pol-credit-guarantee-2025."),
    )
    area = models.ForeignKey(
        to="kb.Area",
        verbose_name=_("recipient state"),
        on_delete=models.PROTECT,
        related_name="financing",
    )
    programme = models.ForeignKey(
        to="kb.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="financing",
        null=True,
        blank=True,
        help_text=_("Empty where the source names no programme."),
    )
    financier = models.ForeignKey(
        to="kb.Organisation",
        verbose_name=_("financier"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The government, bank or fund that gives, lends or guarantees the money."),
    )
    instrument = models.CharField(
        verbose_name=_("instrument"),
        max_length=20,
        choices=FinancingInstrumentChoices.choices,
    )
    amount = models.DecimalField(
        verbose_name=_("amount"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("As the source states it; empty when not stated."),
    )
    currency = models.CharField(
        verbose_name=_("currency"),
        max_length=3,
        blank=True,
        help_text=_("ISO 4217 code of the amount (USD, EUR, PLN)."),
    )
    date = models.DateField(
        verbose_name=_("date"),
        null=True,
        blank=True,
        help_text=_("When the financing was approved or signed, as the source states it; empty when not stated."),
    )
    purpose = models.TextField(
        verbose_name=_("purpose (English)"),
        blank=True,
    )
    purpose_uk = models.TextField(
        verbose_name=_("purpose (Ukrainian)"),
        blank=True,
    )
    purpose_ru = models.TextField(
        verbose_name=_("purpose (Russian)"),
        blank=True,
    )

    class Meta(ReviewableModel.Meta):
        ordering = ["area__name", "date", "slug"]
        verbose_name = _("programme financing")
        verbose_name_plural = _("programme financing")
        constraints = [
            *ReviewableModel.Meta.constraints,
            choices_constraint("instrument", FinancingInstrumentChoices),
            models.CheckConstraint(
                condition=Q(currency="") | Q(currency__regex=r"^[A-Z]{3}$"),
                name="%(app_label)s_%(class)s_currency_code",
                violation_error_message=_("Currency is an ISO 4217 code such as PLN."),
            ),
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
    TRANSLATED_FIELDS = ("title", "notes")

    programme = models.ForeignKey(
        to="kb.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=MilestoneKindChoices.choices,
    )
    date = models.DateField(
        verbose_name=_("date"),
        help_text=_("A month is stored as its first day, a year as 1 January; the precision says which."),
    )
    date_precision = models.CharField(
        verbose_name=_("date precision"),
        max_length=5,
        choices=DatePrecisionChoices.choices,
        default=DatePrecisionChoices.DAY,
    )
    title = models.CharField(
        verbose_name=_("title (English)"),
        max_length=200,
    )
    title_uk = models.CharField(
        verbose_name=_("title (Ukrainian)"),
        max_length=200,
        blank=True,
    )
    title_ru = models.CharField(
        verbose_name=_("title (Russian)"),
        max_length=200,
        blank=True,
    )
    notes = models.TextField(
        verbose_name=_("notes (English)"),
        blank=True,
    )
    notes_uk = models.TextField(
        verbose_name=_("notes (Ukrainian)"),
        blank=True,
    )
    notes_ru = models.TextField(
        verbose_name=_("notes (Russian)"),
        blank=True,
    )

    class Meta(ReviewableModel.Meta):
        ordering = ["programme__name", "date", "kind"]
        verbose_name = _("programme milestone")
        verbose_name_plural = _("programme milestones")
        constraints = [
            *ReviewableModel.Meta.constraints,
            choices_constraint("kind", MilestoneKindChoices),
            choices_constraint("date_precision", DatePrecisionChoices),
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

"""Named programmes: fortification, clearance, risk education, victim assistance."""

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kb.choices import ProgrammeKindChoices
from kb.models.base import CitedModel, ReviewableModel, choices_constraint, feed_index
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

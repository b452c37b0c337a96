"""Support for mine action: who gave how much to whom, for what."""

import pghistory
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kb.choices import FundingFlowChoices, FundingSectorChoices
from kb.models.base import StatisticalRecord, breakdown_field, choices_constraint, feed_index, statistic_constraints
from kb.models.fields import MONEY_DIGITS, choice_field, optional_field, pattern_constraint, reference_field
from kb.statistics.funding import FUNDING


@pghistory.track(meta=feed_index("funding"))
class FundingRecord(StatisticalRecord):
    """Mine-action funding received by an area in a period (optionally from one donor, for one sector), from one source.

    `area` is the recipient (WLD for all recipients together)."""

    cell_fields = FUNDING.cell
    figure_fields = FUNDING.figures
    # Budgets and pledges are announced for years to come.
    observed_when = None

    donor = reference_field("kb.Organisation", _("donor"), optional=True, help_text=_("Empty: all donors together."))
    flow = choice_field(
        FundingFlowChoices,
        _("flow"),
        max_length=16,
        default=FundingFlowChoices.INTERNATIONAL,
        help_text=_("International support, national (the affected state's own) support, or both."),
    )
    sector = breakdown_field(FundingSectorChoices, _("sector"), _("Empty: all sectors together."))
    amount = models.DecimalField(
        verbose_name=_("amount"),
        max_digits=18,
        decimal_places=2,
        help_text=_("In the currency given; 913.5 million is 913500000."),
    )
    currency = models.CharField(
        verbose_name=_("currency"),
        max_length=3,
        help_text=_("ISO 4217 code."),
    )
    amount_usd = optional_field(
        models.DecimalField,
        _("amount (USD)"),
        help_text=_("As converted by the source; empty when it gives none."),
        **MONEY_DIGITS,
    )

    class Meta(StatisticalRecord.Meta):
        ordering = ["area__name", "-period_start"]
        verbose_name = _("funding record")
        verbose_name_plural = _("funding records")
        constraints = [
            *statistic_constraints(FUNDING),
            choices_constraint("flow", FundingFlowChoices),
            choices_constraint("sector", FundingSectorChoices, null=True),
            pattern_constraint(
                "currency", r"^[A-Z]{3}$", "currency_code", _("Currency is an ISO 4217 code such as USD.")
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & (Q(amount_usd__isnull=True) | Q(amount_usd__gte=0)),
                name="%(app_label)s_%(class)s_non_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]
        indexes = [
            # list filters: recipient + year range
            models.Index(fields=["area", "period_start"], name="kb_funding_area_period_idx"),
            # funding/?donor=
            models.Index(fields=["donor"], name="kb_funding_donor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.period} {self.amount} {self.currency}"

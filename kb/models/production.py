"""Production of mines by producers, and reports of mine use."""

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kb.choices import (
    ActorKindChoices,
    DeviceTypeChoices,
    ProductionBasisChoices,
    QuantityRateChoices,
    UseConfidenceChoices,
)
from kb.models.base import StatisticalRecord, breakdown_field, choices_constraint, feed_index, statistic_constraints
from kb.models.fields import ProseField, choice_field, figure_field, reference_field
from kb.statistics.production import PRODUCTION, USE_REPORTS


@pghistory.track(meta=feed_index("production"))
class ProductionRecord(StatisticalRecord):
    """A producer's output of mines in a country and period: actual, capacity or planned, from one source.

    `area` is the country where the mines are produced. A range ("5-6 million") is quantity..quantity_max. A state's
    announced plan whose plant or company nobody named has no `producer`; a plan whose size nobody stated has no
    `quantity`."""

    cell_fields = PRODUCTION.cell
    figure_fields = PRODUCTION.figures
    # Capacity and plans speak of what can or will be produced, so they may lie in the future.
    observed_when = {"basis": ProductionBasisChoices.ACTUAL}

    producer = reference_field(
        "kb.Organisation",
        _("producer"),
        optional=True,
        help_text=_("Empty where the source names no plant or company (a state's announced plan)."),
    )
    device_type = breakdown_field(
        DeviceTypeChoices,
        _("mine type"),
        _("Empty: mines of all types together."),
    )
    basis = choice_field(
        ProductionBasisChoices, _("basis"), max_length=10, help_text=_("Actual output, production capacity, or a plan.")
    )
    rate = choice_field(QuantityRateChoices, _("rate"), max_length=10, default=QuantityRateChoices.PER_YEAR)
    quantity = figure_field(
        _("quantity"),
        big=True,
        help_text=_("Number of mines; the lower bound of a range. Empty only for a plan whose size is not stated."),
    )
    quantity_max = figure_field(
        _("quantity (upper bound)"),
        big=True,
        help_text=_("Only for a range such as 5-6 million."),
    )

    class Meta(StatisticalRecord.Meta):
        ordering = ["producer__name", "-period_start"]
        verbose_name = _("production record")
        verbose_name_plural = _("production records")
        constraints = [
            *statistic_constraints(PRODUCTION),
            choices_constraint("device_type", DeviceTypeChoices, null=True),
            choices_constraint("basis", ProductionBasisChoices),
            choices_constraint("rate", QuantityRateChoices),
            models.CheckConstraint(
                condition=Q(quantity_max__isnull=True) | Q(quantity__isnull=False, quantity_max__gte=F("quantity")),
                name="%(app_label)s_%(class)s_range_order",
                violation_error_message=_("The upper bound of a quantity range cannot be below its lower bound."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=False) | Q(basis=ProductionBasisChoices.PLANNED),
                name="%(app_label)s_%(class)s_quantity_or_plan",
                violation_error_message=_("Only a plan may leave the quantity empty: output and capacity are figures."),
            ),
            models.CheckConstraint(
                condition=Q(producer__isnull=False) | Q(quantity__isnull=False) | Q(device_type__isnull=False),
                name="%(app_label)s_%(class)s_says_something",
                violation_error_message=_(
                    "A record that names neither a producer nor a quantity says which type of mine is meant."
                ),
            ),
        ]
        indexes = [
            # production/?producer= and the country profile
            models.Index(fields=["producer", "period_start"], name="kb_production_producer_idx"),
            models.Index(fields=["area", "period_start"], name="kb_production_area_idx"),
        ]

    def __str__(self) -> str:
        producer = self.producer if self.producer_id else self.area.code
        return f"{producer} {self.get_basis_display()} {self.period}"


@pghistory.track(meta=feed_index("usereport"))
class UseReport(StatisticalRecord):
    """A report that mines were used in an area and period, by a state's forces or a non-state armed group.

    `area` is where the mines were used; `actor_area` the state whose forces used them."""

    cell_fields = USE_REPORTS.cell

    actor_kind = choice_field(ActorKindChoices, _("actor kind"), max_length=10)
    actor_area = reference_field(
        "kb.Area", _("state actor"), optional=True, help_text=_("For state forces: the state.")
    )
    actor_name = models.CharField(
        verbose_name=_("actor"),
        max_length=200,
        blank=True,
        help_text=_("For a non-state armed group: its name; for state forces, optionally the unit."),
    )
    device_type = breakdown_field(DeviceTypeChoices, _("mine type"), _("Empty: type not reported."))
    confidence = choice_field(UseConfidenceChoices, _("confidence"), max_length=10)
    description = ProseField(
        verbose_name=_("description"),
        blank=True,
    )

    class Meta(StatisticalRecord.Meta):
        ordering = ["area__name", "-period_start"]
        verbose_name = _("use report")
        verbose_name_plural = _("use reports")
        constraints = [
            *statistic_constraints(USE_REPORTS),
            choices_constraint("actor_kind", ActorKindChoices),
            choices_constraint("confidence", UseConfidenceChoices),
            choices_constraint("device_type", DeviceTypeChoices, null=True),
            models.CheckConstraint(
                condition=~Q(actor_kind=ActorKindChoices.STATE) | Q(actor_area__isnull=False),
                name="%(app_label)s_%(class)s_state_actor_named",
                violation_error_message=_("Use by state forces names the state."),
            ),
            models.CheckConstraint(
                condition=~Q(actor_kind=ActorKindChoices.NON_STATE) | ~Q(actor_name=""),
                name="%(app_label)s_%(class)s_non_state_actor_named",
                violation_error_message=_("Use by a non-state armed group names the group."),
            ),
        ]
        indexes = [
            # list filters: area + year range
            models.Index(fields=["area", "period_start"], name="kb_usereport_area_period_idx"),
        ]

    def __str__(self) -> str:
        actor = self.actor_area.code if self.actor_area_id else self.actor_name
        return f"{actor} in {self.area.code} {self.period}"

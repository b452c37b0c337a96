"""Stockpiles of anti-personnel mines: held, destroyed, retained for training."""

import pghistory
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kb.models.base import StatisticalRecord, cell_constraints, feed_index, qualifier_constraint
from kb.statistics.stockpiles import STOCKPILES

STOCKPILE_FIGURES = STOCKPILES.figures
CELL = STOCKPILES.cell


@pghistory.track(meta=feed_index("stockpile"))
class StockpileRecord(StatisticalRecord):
    """A state's stockpile of anti-personnel mines at a date or over a period, from one source."""

    cell_fields = CELL
    figure_fields = STOCKPILE_FIGURES

    stockpiled = models.PositiveBigIntegerField(
        verbose_name=_("stockpiled"),
        null=True,
        blank=True,
        help_text=_("Anti-personnel mines held at the end of the period."),
    )
    destroyed = models.PositiveBigIntegerField(
        verbose_name=_("destroyed in the period"),
        null=True,
        blank=True,
    )
    destroyed_cumulative = models.PositiveBigIntegerField(
        verbose_name=_("destroyed to date"),
        null=True,
        blank=True,
        help_text=_("All mines destroyed from stockpiles up to the end of the period."),
    )
    retained_for_training = models.PositiveIntegerField(
        verbose_name=_("retained for training"),
        null=True,
        blank=True,
        help_text=_("Retained under APMBC Article 3 for training and development."),
    )

    class Meta(StatisticalRecord.Meta):
        ordering = ["area__name", "-period_start"]
        verbose_name = _("stockpile record")
        verbose_name_plural = _("stockpile records")
        constraints = [
            *StatisticalRecord.Meta.constraints,
            qualifier_constraint(STOCKPILE_FIGURES),
            *cell_constraints(CELL),
            models.CheckConstraint(
                condition=~Q(
                    stockpiled__isnull=True,
                    destroyed__isnull=True,
                    destroyed_cumulative__isnull=True,
                    retained_for_training__isnull=True,
                ),
                name="%(app_label)s_%(class)s_has_a_figure",
                violation_error_message=_("A stockpile record needs at least one figure."),
            ),
        ]
        indexes = [
            # list filters: area + year range
            models.Index(fields=["area", "period_start"], name="kb_stockpile_area_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.period}"

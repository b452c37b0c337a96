"""Stockpiles of anti-personnel mines: held, destroyed, retained for training."""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from kb.models.base import StatisticalRecord, feed_index, statistic_constraints
from kb.models.fields import figure_field, has_a_figure_constraint
from kb.statistics.stockpiles import STOCKPILES


@pghistory.track(meta=feed_index("stockpile"))
class StockpileRecord(StatisticalRecord):
    """A state's stockpile of anti-personnel mines at a date or over a period, from one source."""

    cell_fields = STOCKPILES.cell
    figure_fields = STOCKPILES.figures

    stockpiled = figure_field(
        _("stockpiled"),
        big=True,
        help_text=_("Anti-personnel mines held at the end of the period."),
    )
    destroyed = figure_field(_("destroyed in the period"), big=True)
    destroyed_cumulative = figure_field(
        _("destroyed to date"),
        big=True,
        help_text=_("All mines destroyed from stockpiles up to the end of the period."),
    )
    retained_for_training = figure_field(
        _("retained for training"),
        help_text=_("Retained under APMBC Article 3 for training and development."),
    )

    class Meta(StatisticalRecord.Meta):
        ordering = ["area__name", "-period_start"]
        verbose_name = _("stockpile record")
        verbose_name_plural = _("stockpile records")
        constraints = [
            *statistic_constraints(STOCKPILES),
            has_a_figure_constraint(
                STOCKPILES.figures,
                _("A stockpile record needs at least one figure."),
            ),
        ]
        indexes = [
            # list filters: area + year range
            models.Index(fields=["area", "period_start"], name="kb_stockpile_area_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.period}"

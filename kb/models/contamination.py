"""Contamination: confirmed and suspected hazardous areas."""

import pghistory
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kb.choices import DeviceTypeChoices, ExtentClassChoices
from kb.models.base import (
    StatisticalRecord,
    breakdown_field,
    cell_constraints,
    choices_constraint,
    feed_index,
    qualifier_constraint,
)
from kb.statistics.contamination import CONTAMINATION

CELL = CONTAMINATION.cell


CONTAMINATION_FIGURES = CONTAMINATION.figures

# A record that only says an area is contaminated (a source's list of affected states), with no figure and no class:
# coverage counts it as the area being reported contaminated that year, not as a known extent.
REPORTED_ONLY = Q(
    extent_class=ExtentClassChoices.UNKNOWN, **{f"{name}__isnull": True for name in CONTAMINATION_FIGURES}
)


@pghistory.track(meta=feed_index("contamination"))
class ContaminationRecord(StatisticalRecord):
    """The known extent of contamination in an area at a date (or over a period), from one source.

    Confirmed hazardous areas (CHA) have direct evidence of explosive ordnance; suspected hazardous areas (SHA) have
    indirect evidence (IMAS 04.10). Areas are in square metres."""

    cell_fields = CELL
    figure_fields = CONTAMINATION_FIGURES

    device_type = breakdown_field(
        DeviceTypeChoices,
        _("contamination type"),
        _("Empty: all explosive ordnance; anti_personnel_mine: areas contaminated by AP mines."),
    )
    confirmed_areas = models.PositiveIntegerField(
        verbose_name=_("confirmed hazardous areas"),
        null=True,
        blank=True,
        help_text=_("Number of CHAs."),
    )
    confirmed_m2 = models.PositiveBigIntegerField(
        verbose_name=_("confirmed hazardous area (m²)"),
        null=True,
        blank=True,
    )
    suspected_areas = models.PositiveIntegerField(
        verbose_name=_("suspected hazardous areas"),
        null=True,
        blank=True,
        help_text=_("Number of SHAs."),
    )
    suspected_m2 = models.PositiveBigIntegerField(
        verbose_name=_("suspected hazardous area (m²)"),
        null=True,
        blank=True,
    )
    total_m2 = models.PositiveBigIntegerField(
        verbose_name=_("contaminated area, not split (m²)"),
        null=True,
        blank=True,
        help_text=_("A total the source does not split into confirmed and suspected areas."),
    )
    affected_areas = models.PositiveIntegerField(
        verbose_name=_("states and other areas contaminated"),
        null=True,
        blank=True,
        help_text=_(
            "On an aggregate area (WLD, APMBC-SP): how many states and other areas the source reports as contaminated."
        ),
    )
    extent_class = models.CharField(  # noqa: DJ001 - null is "not reported", as for every unknown here
        verbose_name=_("extent"),
        max_length=10,
        choices=ExtentClassChoices.choices,
        null=True,
        blank=True,
        help_text=_(
            "The Landmine Monitor's class: massive, heavy, medium or light; unknown when the source lists the area as "
            "contaminated without its extent."
        ),
    )

    class Meta(StatisticalRecord.Meta):
        ordering = ["area__name", "-period_start"]
        verbose_name = _("contamination record")
        verbose_name_plural = _("contamination records")
        constraints = [
            *StatisticalRecord.Meta.constraints,
            qualifier_constraint(CONTAMINATION_FIGURES),
            choices_constraint("device_type", DeviceTypeChoices, null=True),
            choices_constraint("extent_class", ExtentClassChoices, null=True),
            *cell_constraints(CELL),
            models.CheckConstraint(
                condition=~Q(
                    confirmed_areas__isnull=True,
                    confirmed_m2__isnull=True,
                    suspected_areas__isnull=True,
                    suspected_m2__isnull=True,
                    total_m2__isnull=True,
                    affected_areas__isnull=True,
                    extent_class__isnull=True,
                ),
                name="%(app_label)s_%(class)s_has_a_figure",
                violation_error_message=_("A contamination record needs at least one figure or an extent class."),
            ),
        ]
        indexes = [
            # list filters: area + year range
            models.Index(fields=["area", "period_start"], name="kb_contam_area_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.period}"

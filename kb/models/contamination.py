"""Contamination: confirmed and suspected hazardous areas."""

import pghistory
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kb.choices import DeviceTypeChoices, ExtentClassChoices
from kb.models.base import StatisticalRecord, breakdown_field, choices_constraint, feed_index, statistic_constraints
from kb.models.fields import figure_field, has_a_figure_constraint
from kb.statistics.contamination import CONTAMINATION

# A record that only says an area is contaminated (a source's list of affected states), with no figure and no class:
# coverage counts it as the area being reported contaminated that year, not as a known extent.
REPORTED_ONLY = Q(
    extent_class=ExtentClassChoices.UNKNOWN, **{f"{name}__isnull": True for name in CONTAMINATION.figures}
)


@pghistory.track(meta=feed_index("contamination"))
class ContaminationRecord(StatisticalRecord):
    """The known extent of contamination in an area at a date (or over a period), from one source.

    Confirmed hazardous areas (CHA) have direct evidence of explosive ordnance; suspected hazardous areas (SHA) have
    indirect evidence (IMAS 04.10). Areas are in square metres."""

    cell_fields = CONTAMINATION.cell
    figure_fields = CONTAMINATION.figures

    device_type = breakdown_field(
        DeviceTypeChoices,
        _("contamination type"),
        _("Empty: all explosive ordnance; anti_personnel_mine: areas contaminated by AP mines."),
    )
    confirmed_areas = figure_field(_("confirmed hazardous areas"), help_text=_("Number of CHAs."))
    confirmed_m2 = figure_field(_("confirmed hazardous area (m²)"), big=True)
    suspected_areas = figure_field(_("suspected hazardous areas"), help_text=_("Number of SHAs."))
    suspected_m2 = figure_field(_("suspected hazardous area (m²)"), big=True)
    total_m2 = figure_field(
        _("contaminated area, not split (m²)"),
        big=True,
        help_text=_("A total the source does not split into confirmed and suspected areas."),
    )
    affected_areas = figure_field(
        _("states and other areas contaminated"),
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
            *statistic_constraints(CONTAMINATION),
            choices_constraint("device_type", DeviceTypeChoices, null=True),
            choices_constraint("extent_class", ExtentClassChoices, null=True),
            has_a_figure_constraint(
                (*CONTAMINATION.figures, "extent_class"),
                _("A contamination record needs at least one figure or an extent class."),
            ),
        ]
        indexes = [
            # list filters: area + year range
            models.Index(fields=["area", "period_start"], name="kb_contam_area_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.period}"

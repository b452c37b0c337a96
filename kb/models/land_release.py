"""Land release: area cleared, reduced and cancelled, and items destroyed."""

import pghistory
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from kb.choices import DeviceTypeChoices
from kb.models.base import StatisticalRecord, breakdown_field, choices_constraint, feed_index, statistic_constraints
from kb.models.fields import figure_field, has_a_figure_constraint, reference_field
from kb.models.indexes import public_list_index
from kb.statistics.land_release import LAND_RELEASE


@pghistory.track(meta=feed_index("landrel"))
class LandReleaseRecord(StatisticalRecord):
    """Land released in an area over a period (optionally by one operator), from one source (IMAS 07.11).

    Released = cleared + reduced by technical survey + cancelled by non-technical survey. Areas in m²."""

    cell_fields = LAND_RELEASE.cell
    figure_fields = LAND_RELEASE.figures

    operator = reference_field(
        "kb.Organisation", _("operator"), optional=True, help_text=_("Empty: all operators together.")
    )
    device_type = breakdown_field(
        DeviceTypeChoices,
        _("contamination type"),
        _("Empty: all contamination; anti_personnel_mine: AP mined area only."),
    )
    released_m2 = figure_field(_("land released (m²)"), big=True)
    cleared_m2 = figure_field(_("cleared (m²)"), big=True)
    reduced_m2 = figure_field(_("reduced by technical survey (m²)"), big=True)
    cancelled_m2 = figure_field(_("cancelled by non-technical survey (m²)"), big=True)
    ap_mines_destroyed = figure_field(_("anti-personnel mines destroyed"))
    av_mines_destroyed = figure_field(_("anti-vehicle mines destroyed"))
    other_items_destroyed = figure_field(_("other explosive items destroyed"))

    class Meta(StatisticalRecord.Meta):
        ordering = ["area__name", "-period_start"]
        verbose_name = _("land release record")
        verbose_name_plural = _("land release records")
        constraints = [
            *statistic_constraints(LAND_RELEASE),
            choices_constraint("device_type", DeviceTypeChoices, null=True),
            models.CheckConstraint(
                condition=Q(released_m2__isnull=True)
                | Q(
                    released_m2__gte=Coalesce(F("cleared_m2"), Value(0))
                    + Coalesce(F("reduced_m2"), Value(0))
                    + Coalesce(F("cancelled_m2"), Value(0))
                ),
                name="%(app_label)s_%(class)s_parts_le_released",
                violation_error_message=_("Cleared, reduced and cancelled together cannot exceed the land released."),
            ),
            has_a_figure_constraint(
                LAND_RELEASE.figures,
                _("A land release record needs at least one figure."),
            ),
        ]
        indexes = [
            # list filters: area + year range
            models.Index(fields=["area", "period_start"], name="kb_landrel_area_period_idx"),
            # land-release/?operator=
            models.Index(fields=["operator"], name="kb_landrel_operator_idx"),
            public_list_index("kb_landrel_public_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.period}"

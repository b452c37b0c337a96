"""Land release: area cleared, reduced and cancelled, and items destroyed."""

import pghistory
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from kb.choices import DeviceTypeChoices
from kb.models.base import (
    StatisticalRecord,
    breakdown_field,
    cell_constraints,
    choices_constraint,
    feed_index,
    qualifier_constraint,
)
from kb.statistics.land_release import LAND_RELEASE

CELL = LAND_RELEASE.cell


LAND_RELEASE_FIGURES = LAND_RELEASE.figures


@pghistory.track(meta=feed_index("landrel"))
class LandReleaseRecord(StatisticalRecord):
    """Land released in an area over a period (optionally by one operator), from one source (IMAS 07.11).

    Released = cleared + reduced by technical survey + cancelled by non-technical survey. Areas in m²."""

    cell_fields = CELL
    figure_fields = LAND_RELEASE_FIGURES

    operator = models.ForeignKey(
        to="kb.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty: all operators together."),
    )
    device_type = breakdown_field(
        DeviceTypeChoices,
        _("contamination type"),
        _("Empty: all contamination; anti_personnel_mine: AP mined area only."),
    )
    released_m2 = models.PositiveBigIntegerField(
        verbose_name=_("land released (m²)"),
        null=True,
        blank=True,
    )
    cleared_m2 = models.PositiveBigIntegerField(
        verbose_name=_("cleared (m²)"),
        null=True,
        blank=True,
    )
    reduced_m2 = models.PositiveBigIntegerField(
        verbose_name=_("reduced by technical survey (m²)"),
        null=True,
        blank=True,
    )
    cancelled_m2 = models.PositiveBigIntegerField(
        verbose_name=_("cancelled by non-technical survey (m²)"),
        null=True,
        blank=True,
    )
    ap_mines_destroyed = models.PositiveIntegerField(
        verbose_name=_("anti-personnel mines destroyed"),
        null=True,
        blank=True,
    )
    av_mines_destroyed = models.PositiveIntegerField(
        verbose_name=_("anti-vehicle mines destroyed"),
        null=True,
        blank=True,
    )
    other_items_destroyed = models.PositiveIntegerField(
        verbose_name=_("other explosive items destroyed"),
        null=True,
        blank=True,
    )

    class Meta(StatisticalRecord.Meta):
        ordering = ["area__name", "-period_start"]
        verbose_name = _("land release record")
        verbose_name_plural = _("land release records")
        constraints = [
            *StatisticalRecord.Meta.constraints,
            qualifier_constraint(LAND_RELEASE_FIGURES),
            choices_constraint("device_type", DeviceTypeChoices, null=True),
            *cell_constraints(CELL),
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
            models.CheckConstraint(
                condition=~Q(
                    released_m2__isnull=True,
                    cleared_m2__isnull=True,
                    reduced_m2__isnull=True,
                    cancelled_m2__isnull=True,
                    ap_mines_destroyed__isnull=True,
                    av_mines_destroyed__isnull=True,
                    other_items_destroyed__isnull=True,
                ),
                name="%(app_label)s_%(class)s_has_a_figure",
                violation_error_message=_("A land release record needs at least one figure."),
            ),
        ]
        indexes = [
            # list filters: area + year range
            models.Index(fields=["area", "period_start"], name="kb_landrel_area_period_idx"),
            # land-release/?operator=
            models.Index(fields=["operator"], name="kb_landrel_operator_idx"),
            # the public list (published, preferred figures) filtered by area and a year range, its count and ETag:
            #   WHERE status = 'published' AND is_preferred AND area_id = %s AND year BETWEEN %s AND %s
            models.Index(
                fields=["area", "year"],
                condition=Q(status="published", is_preferred=True),
                name="kb_landrel_public_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.period}"

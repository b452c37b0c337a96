"""Casualties: people killed, injured or of unknown fate, with optional breakdowns."""

import pghistory
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from kb.choices import AgeGroupChoices, CivilianStatusChoices, DeviceTypeChoices, SexChoices
from kb.models.base import StatisticalRecord, breakdown_field, choices_constraint, feed_index, statistic_constraints
from kb.models.fields import figure_field, has_a_figure_constraint
from kb.models.indexes import public_list_index
from kb.statistics.casualties import CASUALTIES

BREAKDOWNS = CASUALTIES.dimensions


@pghistory.track(meta=feed_index("casualty"))
class CasualtyRecord(StatisticalRecord):
    """One reported casualty count for an area and period, from one source, for one breakdown cell.

    A breakdown dimension left empty means "all" (the figure is not broken down by it); a dimension set to a value
    (device_type = improvised_mine) means the figure counts only those casualties. Marginal breakdowns are separate
    rows, so a source that reports children and, separately, deminers is stored exactly as reported, and a
    breakdown nobody reported simply has no row: it stays unknown, never zero.
    """

    cell_fields = CASUALTIES.cell
    figure_fields = CASUALTIES.figures

    civilian_status = breakdown_field(CivilianStatusChoices, _("civilian status"))
    sex = breakdown_field(SexChoices, _("sex"))
    age_group = breakdown_field(AgeGroupChoices, _("age group"))
    device_type = breakdown_field(DeviceTypeChoices, _("device type"))
    total = figure_field(
        _("total casualties"),
        help_text=_("Killed + injured + fate unknown; may be reported alone. Empty when not reported."),
    )
    killed = figure_field(_("killed"))
    injured = figure_field(_("injured"))
    fate_unknown = figure_field(_("fate unknown"))
    share_percent = models.DecimalField(
        verbose_name=_("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A share the source reports instead of (or besides) a count, e.g. 85% civilians."),
    )
    share_of = figure_field(
        _("share denominator"),
        help_text=_("The number the share is of, when reported (e.g. 4,341 casualties whose status was known)."),
    )
    share_basis = models.CharField(
        verbose_name=_("share basis"),
        max_length=200,
        blank=True,
        help_text=_("What the share is of, in words: 'casualties whose civilian status was known'."),
    )

    class Meta(StatisticalRecord.Meta):
        ordering = ["area__name", "-period_start"]
        verbose_name = _("casualty record")
        verbose_name_plural = _("casualty records")
        constraints = [
            *statistic_constraints(CASUALTIES),
            choices_constraint("civilian_status", CivilianStatusChoices, null=True),
            choices_constraint("sex", SexChoices, null=True),
            choices_constraint("age_group", AgeGroupChoices, null=True),
            choices_constraint("device_type", DeviceTypeChoices, null=True),
            models.CheckConstraint(
                condition=Q(total__isnull=True)
                | Q(
                    total__gte=Coalesce(F("killed"), Value(0))
                    + Coalesce(F("injured"), Value(0))
                    + Coalesce(F("fate_unknown"), Value(0))
                ),
                name="%(app_label)s_%(class)s_parts_le_total",
                violation_error_message=_("Killed, injured and fate unknown together cannot exceed the total."),
            ),
            models.CheckConstraint(
                condition=Q(share_percent__isnull=True) | Q(share_percent__gte=0, share_percent__lte=100),
                name="%(app_label)s_%(class)s_share_range",
                violation_error_message=_("A share is a percentage between 0 and 100."),
            ),
            has_a_figure_constraint(
                ("total", "killed", "injured", "fate_unknown", "share_percent"),
                _("A casualty record needs at least one figure (a count or a share)."),
            ),
        ]
        indexes = [
            # list filters: area + year range, newest first
            models.Index(fields=["area", "period_start"], name="kb_casualty_area_period_idx"),
            # year filters and the per-year summary
            models.Index(fields=["year"], name="kb_casualty_year_idx"),
            public_list_index("kb_casualty_public_idx"),
            # casualties/summary: the published headline figures (national, calendar year, no breakdown):
            #   WHERE status = 'published' AND is_preferred AND period_kind = 'year' AND admin_area_id IS NULL
            #     AND civilian_status IS NULL AND sex IS NULL AND age_group IS NULL AND device_type IS NULL
            models.Index(
                fields=["area", "year"],
                condition=Q(
                    status="published",
                    is_preferred=True,
                    period_kind="year",
                    admin_area__isnull=True,
                    civilian_status__isnull=True,
                    sex__isnull=True,
                    age_group__isnull=True,
                    device_type__isnull=True,
                ),
                name="kb_casualty_summary_idx",
            ),
        ]

    def __str__(self) -> str:
        breakdown = ", ".join(str(getattr(self, d)) for d in BREAKDOWNS if getattr(self, d))
        label = f"{self.area.code} {self.period}"
        return f"{label} ({breakdown})" if breakdown else label

"""Transfers of mines from one state to another."""

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kb.choices import DeviceTypeChoices, TransferStatusChoices
from kb.models.base import StatisticalRecord, breakdown_field, choices_constraint, feed_index, statistic_constraints
from kb.models.fields import choice_field, figure_field, reference_field
from kb.statistics.transfers import TRANSFERS


@pghistory.track(meta=feed_index("transfer"))
class Transfer(StatisticalRecord):
    """A transfer of mines from one state (`from_area`) to another (`area`, the receiving state) in a period, as one
    source states it: possible, reported, alleged, confirmed or denied. An unknown quantity stays empty."""

    cell_fields = TRANSFERS.cell
    figure_fields = TRANSFERS.figures
    # A transfer stated as possible may lie ahead; the period is the one the source gives.
    observed_when = None

    from_area = reference_field("kb.Area", _("from (supplying state)"))
    device_type = breakdown_field(
        DeviceTypeChoices,
        _("mine type"),
        _("Empty: type not reported."),
    )
    transfer_status = choice_field(
        TransferStatusChoices,
        _("transfer status"),
        max_length=10,
        help_text=_("How far the source establishes the transfer: possible, reported, alleged, confirmed or denied."),
    )
    quantity = figure_field(_("quantity"), _("Number of mines; empty when the source gives none."), big=True)

    class Meta(StatisticalRecord.Meta):
        ordering = ["area__name", "-period_start"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            *statistic_constraints(TRANSFERS),
            choices_constraint("device_type", DeviceTypeChoices, null=True),
            choices_constraint("transfer_status", TransferStatusChoices),
            models.CheckConstraint(
                condition=~Q(from_area=F("area")),
                name="%(app_label)s_%(class)s_between_two_states",
                violation_error_message=_("A transfer goes from one state to another."),
            ),
        ]
        indexes = [
            # transfers/?area= (receiving state) and its country profile
            models.Index(fields=["area", "period_start"], name="kb_transfer_area_idx"),
            # transfers/?from_area= and the supplying state's country profile
            models.Index(fields=["from_area", "period_start"], name="kb_transfer_from_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_area.code} → {self.area.code} {self.period}"

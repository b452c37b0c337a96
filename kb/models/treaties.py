"""Treaties, states' actions under them, and armed-conflict periods that defer withdrawals."""

import pghistory
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from kb.choices import TreatyActionKindChoices
from kb.models.base import CitedModel, ReviewableModel, TimeStampedModel, choices_constraint, feed_index
from kb.models.dependencies import TREATY_DEPENDENTS, dependents_trigger
from kb.models.fields import (
    choice_field,
    optional_field,
    reference_field,
    translated_fields,
    translations_from_sources_constraint,
    translations_from_sources_field,
)
from kb.translations import localized

MSG_END_BEFORE_START = _("A conflict cannot end before it starts.")
# A treaty's names in English, Ukrainian and Russian (kb/translations.py); Treaty.Meta needs them by name.
TREATY_TRANSLATED = ("name", "short_name")


class DateRange(Func):
    """daterange(start, end, '[]') — an inclusive range; a null end means "still ongoing"."""

    function = "DATERANGE"
    output_field = DateRangeField()


@pghistory.track()
class Treaty(TimeStampedModel):
    """A treaty with the rules the status service applies (entry into force, withdrawal notice, armed conflict)."""

    # Held in English, Ukrainian and Russian (kb/translations.py).
    TRANSLATED_FIELDS = TREATY_TRANSLATED

    code = models.SlugField(
        verbose_name=_("code"),
        max_length=20,
        unique=True,
        help_text=_("Short key used by the API and imports: APMBC, CCM, CCW-AP2."),
    )
    name, name_uk, name_ru = translated_fields(
        models.CharField, _("name (English)"), _("name (Ukrainian)"), _("name (Russian)"), max_length=300
    )
    short_name, short_name_uk, short_name_ru = translated_fields(
        models.CharField,
        _("short name (English)"),
        _("short name (Ukrainian)"),
        _("short name (Russian)"),
        max_length=100,
    )
    adopted_on = optional_field(models.DateField, _("adopted on"))
    entry_into_force_on = optional_field(
        models.DateField,
        _("entered into force on"),
        help_text=_("The treaty's own entry into force; no state is bound before it."),
    )
    entry_into_force_months = models.PositiveSmallIntegerField(
        verbose_name=_("months to entry into force for a state"),
        default=6,
        help_text=_("Months after a state deposits its instrument until the treaty enters into force for it."),
    )
    entry_into_force_first_of_month = models.BooleanField(
        verbose_name=_("enters into force on the first day of a month"),
        default=True,
        help_text=_(
            "Checked: 'the first day of the sixth month after deposit' (APMBC Art. 17, CCM Art. 17). "
            "Unchecked: 'six months after deposit' (CCW Art. 5)."
        ),
    )
    armed_conflict_defers_withdrawal = models.BooleanField(
        verbose_name=_("armed conflict defers withdrawal"),
        default=True,
        help_text=_(
            "APMBC Art. 20(3): if the withdrawing state is engaged in an armed conflict when the notice "
            "period ends, the withdrawal does not take effect before the end of the armed conflict."
        ),
    )
    withdrawal_notice_months = models.PositiveSmallIntegerField(
        verbose_name=_("withdrawal notice (months)"),
        default=6,
        help_text=_("A withdrawal takes effect this many months after the depositary receives it."),
    )
    text_url = models.URLField(
        verbose_name=_("text URL"),
        blank=True,
    )
    translations_from_sources = translations_from_sources_field(TRANSLATED_FIELDS)
    records_complete_on = models.DateField(
        verbose_name=_("participation records complete as of"),
        null=True,
        blank=True,
        help_text=_(
            "The knowledge base holds every state's signature, consent and withdrawal under this treaty up to this "
            "date, so a state with none recorded by then is not a party. Empty: a state with no recorded action is "
            "shown as not recorded."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")
        triggers = [dependents_trigger(TREATY_DEPENDENTS)]
        constraints = [
            models.CheckConstraint(
                condition=Q(entry_into_force_months__gte=1, withdrawal_notice_months__gte=1),
                name="%(app_label)s_%(class)s_months_positive",
                violation_error_message=_("Entry-into-force and withdrawal periods are at least one month."),
            ),
            translations_from_sources_constraint(TREATY_TRANSLATED),
        ]

    def __str__(self) -> str:
        return localized(self, "short_name")


@pghistory.track(meta=feed_index("treatyaction"))
class TreatyAction(ReviewableModel, CitedModel):
    """One action by one state under one treaty on one date (signature, ratification, withdrawal notice, ...)."""

    # Notes are shown to the public beside the action: held in English, Ukrainian and Russian (kb/translations.py).
    TRANSLATED_FIELDS = ("notes",)

    treaty = reference_field("kb.Treaty", _("treaty"), related_name="actions")
    area = reference_field("kb.Area", _("state"), related_name="treaty_actions")
    kind = choice_field(TreatyActionKindChoices, _("action"), max_length=24)
    date = models.DateField(
        verbose_name=_("date"),
        help_text=_("For instruments, the date the depositary received them."),
    )
    notes, notes_uk, notes_ru = translated_fields(
        models.TextField, _("notes (English)"), _("notes (Ukrainian)"), _("notes (Russian)"), blank=True
    )

    class Meta(ReviewableModel.Meta):
        ordering = ["treaty__code", "area__name", "date"]
        verbose_name = _("treaty action")
        verbose_name_plural = _("treaty actions")
        constraints = [
            *ReviewableModel.Meta.constraints,
            choices_constraint("kind", TreatyActionKindChoices),
            models.UniqueConstraint(
                fields=["treaty", "area", "kind", "date"],
                name="%(app_label)s_%(class)s_unique_action",
                violation_error_message=_("This state already has this action under this treaty on this date."),
            ),
        ]
        indexes = [
            # treaty-status: all actions of one treaty, per state, in date order
            models.Index(fields=["treaty", "area", "date"], name="kb_treatyaction_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.get_kind_display()} {self.treaty} {self.date:%Y-%m-%d}"


@pghistory.track(meta=feed_index("conflict"))
class ArmedConflictPeriod(ReviewableModel, CitedModel):
    """A period during which a state was engaged in an armed conflict (defers treaty withdrawals)."""

    # Held in English, Ukrainian and Russian (kb/translations.py).
    TRANSLATED_FIELDS = ("description",)

    area = reference_field("kb.Area", _("state"), related_name="armed_conflicts")
    started_on = models.DateField(
        verbose_name=_("started on"),
    )
    ended_on = optional_field(
        models.DateField, _("ended on"), help_text=_("Last day of the conflict; empty while it is ongoing.")
    )
    description, description_uk, description_ru = translated_fields(
        models.CharField,
        _("description (English)"),
        _("description (Ukrainian)"),
        _("description (Russian)"),
        max_length=300,
    )

    class Meta(ReviewableModel.Meta):
        ordering = ["area__name", "started_on"]
        verbose_name = _("armed-conflict period")
        verbose_name_plural = _("armed-conflict periods")
        constraints = [
            *ReviewableModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=MSG_END_BEFORE_START,
            ),
            ExclusionConstraint(
                name="%(app_label)s_%(class)s_no_overlap",
                expressions=[
                    ("area", RangeOperators.EQUAL),
                    (
                        DateRange("started_on", "ended_on", RangeBoundary(inclusive_lower=True, inclusive_upper=True)),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_("This state already has an armed-conflict period overlapping these dates."),
            ),
        ]

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": MSG_END_BEFORE_START})

    def validate_constraints(self, exclude=None):
        # An inverted range cannot even be built for the overlap check: clean() reports it instead.
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            exclude = {*(exclude or ()), "ended_on"}
        super().validate_constraints(exclude=exclude)

    def __str__(self) -> str:
        end = f"{self.ended_on:%Y-%m-%d}" if self.ended_on else "…"
        return f"{self.area.code} {self.started_on:%Y-%m-%d}-{end}"

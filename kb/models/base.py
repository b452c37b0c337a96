"""Abstract bases shared by every domain model."""

import pgtrigger
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import ExtractYear
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb.choices import PeriodKindChoices, QualifierChoices, ReviewStatusChoices
from kb.models.fields import ProseField, choice_field, optional_field, reference_field, user_field
from kb.periods import MSG_PERIOD_ORDER, period_format
from kb.querysets import ReviewableQuerySet
from kb.statistics.base import BASE_CELL, Statistic


def feed_index(name: str) -> dict:
    """Meta for a history (event) model read by the change feed (kb/selectors/changes.py), which asks each event
    table for `WHERE pgh_created_at > $1 ORDER BY pgh_created_at, pgh_id`: an index that serves it in order."""
    return {"indexes": [models.Index(fields=["pgh_created_at", "pgh_id"], name=f"kb_{name}_feed_idx")]}


def choices_constraint(field: str, choices: type[models.TextChoices], *, null: bool = False) -> models.CheckConstraint:
    """A CHECK constraint that keeps `field` within `choices` (choices alone constrain nothing in the database)."""
    condition = Q(**{f"{field}__in": choices.values})
    if null:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=f"%(app_label)s_%(class)s_{field}_valid",
        violation_error_message=_("%(field)s must be one of: %(values)s.")
        % {"field": field, "values": ", ".join(choices.values)},
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(
        verbose_name=_("created at"),
        auto_now_add=True,
    )
    updated_at = models.DateTimeField(
        verbose_name=_("updated at"),
        auto_now=True,
    )

    class Meta:
        abstract = True


class ReviewableModel(TimeStampedModel):
    """A record that moves draft → in review → published (→ retracted); the public sees published only."""

    status = models.CharField(
        verbose_name=_("review status"),
        max_length=16,
        choices=ReviewStatusChoices.choices,
        default=ReviewStatusChoices.DRAFT,
        db_index=True,
    )
    status_changed_at = optional_field(models.DateTimeField, _("status changed at"))
    submitted_by = user_field(_("submitted by"))
    reviewed_by = user_field(_("reviewed by"))
    retraction_reason = ProseField(
        verbose_name=_("retraction reason"),
        blank=True,
    )
    partner_organisation = reference_field(
        "kb.Organisation",
        _("submitted by partner"),
        optional=True,
        help_text=_("The partner organisation whose API token submitted the record."),
    )
    version = models.PositiveIntegerField(
        verbose_name=_("version"),
        default=1,
        editable=False,
        help_text=_(
            "Raised by the database on every change; editors and API clients send it back to prove they saw "
            "the latest version."
        ),
    )

    objects = ReviewableQuerySet.as_manager()

    # Foreign keys to the reviewable records this one belongs to (a milestone's programme): it is published only while
    # they are, and retracting one retracts it (kb/services/review.py). A subclass's own clean() calls super().
    published_with: tuple[str, ...] = ()

    class Meta:
        abstract = True
        permissions = [("review_record", "Can publish, return and retract records")]
        triggers = [
            # Every UPDATE, from any channel (admin, API, import, QuerySet.update, SQL), raises the version.
            pgtrigger.Trigger(
                name="bump_version",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                func="NEW.version := OLD.version + 1; RETURN NEW;",
            ),
        ]
        constraints = [
            choices_constraint("status", ReviewStatusChoices),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatusChoices.RETRACTED) | ~Q(retraction_reason=""),
                name="%(app_label)s_%(class)s_retraction_has_reason",
                violation_error_message=_("A retracted record needs a retraction reason."),
            ),
        ]

    def unpublished_parents(self) -> list[tuple[str, "ReviewableModel"]]:
        """(field, record) for each record of `published_with` that is set and not published."""
        parents = [(name, getattr(self, name)) for name in self.published_with if getattr(self, f"{name}_id")]
        return [(name, parent) for name, parent in parents if parent.status != ReviewStatusChoices.PUBLISHED]

    def clean(self):
        super().clean()
        if self.status == ReviewStatusChoices.PUBLISHED and (unpublished := self.unpublished_parents()):
            raise ValidationError({name: parent_unpublished_message(self, parent) for name, parent in unpublished})


MSG_PARENT_UNPUBLISHED = _(
    "Publish {parent_kind} '{parent}' first ({status} now): a published {kind} cannot belong to a {parent_kind} the "
    "public cannot see."
)


def parent_unpublished_message(record, parent) -> str:
    return MSG_PARENT_UNPUBLISHED.format(
        parent_kind=parent._meta.verbose_name,
        parent=parent,
        status=parent.get_status_display().lower(),
        kind=record._meta.verbose_name,
    )


class CitedModel(models.Model):
    """A figure tied to the source that reported it (one primary citation, plus optional extra citations)."""

    source = reference_field(
        "kb.Source", _("source"), help_text=_("The report, article, record or dataset this figure was taken from.")
    )
    source_locator = models.CharField(
        verbose_name=_("locator"),
        max_length=300,
        blank=True,
        help_text=_("Where in the source: page, table, paragraph or section."),
    )
    source_quote = ProseField(
        verbose_name=_("quote"),
        blank=True,
        help_text=_("A short verbatim quote supporting the figure."),
    )
    citations = GenericRelation(
        to="kb.Citation",
        verbose_name=_("further citations"),
    )

    class Meta:
        abstract = True


# What identifies a statistic apart from its source; each model adds its own dimensions.

# Stored reasons for preferences nobody explained (stored text, so not translated).
PREFERENCE_REASON_FIRST = "The first figure recorded for its cell."
PREFERENCE_REASON_PUBLISHED = "Published while no published figure of its cell was preferred."
PREFERENCE_REASON_UNGIVEN = "Marked preferred when entered, without a reason."
PREFERENCE_REASON_SUCCESSOR = "The newest published edition, when the cell's preferred figure was retracted."
MSG_PERIOD_SHAPE = _("The period's dates do not match its kind (a year runs 1 Jan-31 Dec, an as-of date is a day).")
MSG_ADMIN_AREA_OUTSIDE = _("The admin area {pcode} is not in {area}.")
MSG_QUALIFIER_FIELD = _("Qualifiers apply to figures of this record: {fields}.")
MSG_QUALIFIER_NO_FIGURES = _("This kind of record has no figures to qualify; leave qualifiers empty.")


def qualifier_field_message(figure_fields) -> str:
    """The error for a qualifier naming no figure of the record (use reports have none to name)."""
    if not figure_fields:
        return str(MSG_QUALIFIER_NO_FIGURES)
    return str(MSG_QUALIFIER_FIELD.format(fields=", ".join(figure_fields)))


MSG_QUALIFIER_VALUE = _("Unknown qualifier {value!r}; use one of: {choices}.")
MSG_QUALIFIER_NO_FIGURE = _("A qualifier hedges a figure: {field} is not reported, so it cannot be qualified.")
MSG_QUALIFIER_NO_FIGURE_ROW = _("A qualifier hedges a figure: a figure that is not reported cannot be qualified.")
MSG_FUTURE_OBSERVATION = _(
    "An observed figure cannot end after today ({today}); only planned or capacity figures may lie in the future."
)


def qualifier_constraint(figures: tuple[str, ...]) -> models.CheckConstraint:
    """A qualifier ("at least", "approximately") hedges a reported figure; on a figure nobody reported it would
    turn an unknown into a claim."""
    condition = Q()
    for figure in figures:
        condition &= Q(**{f"{figure}__isnull": False}) | ~Q(qualifiers__has_key=figure)
    return models.CheckConstraint(
        condition=condition,
        name="%(app_label)s_%(class)s_qualifiers_valid",
        violation_error_message=MSG_QUALIFIER_NO_FIGURE_ROW,
    )


def period_constraints() -> list[models.CheckConstraint]:
    """Periods: start ≤ end, and dates that fit the kind (see kb/periods.py)."""
    year_shape = Q(
        period_start__month=1,
        period_start__day=1,
        period_end__month=12,
        period_end__day=31,
        period_end__year=F("period_start__year"),
    )
    month_shape = Q(
        period_start__day=1,
        period_end__month=F("period_start__month"),
        period_end__year=F("period_start__year"),
    )
    return [
        choices_constraint("period_kind", PeriodKindChoices),
        models.CheckConstraint(
            condition=Q(period_end__gte=F("period_start")),
            name="%(app_label)s_%(class)s_period_order",
            violation_error_message=MSG_PERIOD_ORDER,
        ),
        models.CheckConstraint(
            condition=(
                (Q(period_kind=PeriodKindChoices.YEAR) & year_shape)
                | (Q(period_kind=PeriodKindChoices.MONTH) & month_shape)
                | Q(period_kind=PeriodKindChoices.AS_OF, period_end=F("period_start"))
                | Q(period_kind=PeriodKindChoices.RANGE)
            ),
            name="%(app_label)s_%(class)s_period_shape",
            violation_error_message=MSG_PERIOD_SHAPE,
        ),
    ]


def breakdown_field(choices: type[models.TextChoices], verbose_name, help_text=None) -> models.CharField:
    """A breakdown dimension: a value from `choices`, or null for "all" (not broken down by it)."""
    return models.CharField(
        verbose_name=verbose_name,
        max_length=24,
        choices=choices.choices,
        null=True,
        blank=True,
        help_text=help_text or _("Empty: the figure covers all values of this dimension."),
    )


def cell_constraints(cell: tuple[str, ...]) -> list[models.UniqueConstraint]:
    """One record per cell and source; at most one preferred record per cell (a null dimension means "all")."""
    return [
        models.UniqueConstraint(
            fields=[*cell, "source"],
            nulls_distinct=False,
            name="%(app_label)s_%(class)s_one_per_source",
            violation_error_message=_("This source already has a figure for this area, period and breakdown."),
        ),
        models.UniqueConstraint(
            fields=list(cell),
            condition=Q(is_preferred=True),
            nulls_distinct=False,
            name="%(app_label)s_%(class)s_one_preferred",
            violation_error_message=_("Another figure is already preferred for this area, period and breakdown."),
        ),
    ]


class StatisticalRecord(ReviewableModel, CitedModel):
    """Base of every statistic: an area (and optionally an admin area), a period, a source, review status.

    `cell_fields` names what identifies the figure apart from its source; competing figures from different sources
    share a cell and exactly one of them is preferred. `figure_fields` lists the numbers a qualifier may hedge.
    """

    cell_fields: tuple[str, ...] = BASE_CELL
    figure_fields: tuple[str, ...] = ()
    # Observed statistics report what happened, so their period cannot end after today; plans and capacities may.
    # The field values that make a record an observation ({}: every record; None: none, e.g. budgets).
    observed_when: dict[str, str] | None = {}

    area = reference_field("kb.Area", _("country or area"))
    admin_area = reference_field(
        "kb.AdminArea", _("admin area"), optional=True, help_text=_("Only for subnational figures.")
    )
    period_kind = choice_field(PeriodKindChoices, _("period kind"), max_length=8)
    period_start = models.DateField(
        verbose_name=_("period start"),
    )
    period_end = models.DateField(
        verbose_name=_("period end"),
        help_text=_("Same as the start for an as-of figure."),
    )
    year = models.GeneratedField(
        verbose_name=_("year"),
        expression=ExtractYear("period_start"),
        output_field=models.IntegerField(),
        db_persist=True,
    )
    is_preferred = models.BooleanField(
        verbose_name=_("preferred"),
        default=False,
        help_text=_("Where sources disagree, the figure the knowledge base serves by default."),
    )
    preference_reason = ProseField(
        verbose_name=_("why preferred"),
        blank=True,
        help_text=_("Why this is the figure served for its cell. Kept with every change of preference."),
    )
    qualifiers = models.JSONField(
        verbose_name=_("qualifiers"),
        default=dict,
        blank=True,
        help_text=_('How the source hedges a figure, e.g. {"total": "at_least"}.'),
    )
    notes = ProseField(
        verbose_name=_("notes"),
        blank=True,
    )

    class Meta(ReviewableModel.Meta):
        abstract = True
        constraints = [
            *ReviewableModel.Meta.constraints,
            *period_constraints(),
            models.CheckConstraint(
                condition=Exact(
                    Func(F("qualifiers"), function="jsonb_typeof", output_field=models.CharField()), "object"
                ),
                name="%(app_label)s_%(class)s_qualifiers_object",
                violation_error_message=_('Qualifiers are an object such as {"total": "at_least"}.'),
            ),
            models.CheckConstraint(
                condition=Q(is_preferred=False) | ~Q(preference_reason=""),
                name="%(app_label)s_%(class)s_preference_reason",
                violation_error_message=_("Say why this figure is preferred."),
            ),
        ]

    # Set by services that settle the cell's preferred figure themselves just before saving.
    _preference_settled_on_save = False

    @property
    def period(self) -> str:
        return period_format(self.period_kind, self.period_start, self.period_end)

    @property
    def is_observation(self) -> bool:
        """Whether the figure reports what happened (not a plan or a capacity): such a figure cannot be dated in
        the future."""
        if self.observed_when is None:
            return False
        return all(getattr(self, name) == value for name, value in self.observed_when.items())

    def get_constraints(self):
        constraints = super().get_constraints()
        if not self._preference_settled_on_save:
            return constraints
        # The service demotes the cell's other preferred figure in the same transaction, just before saving; the
        # database still enforces the rule when the row is written.
        return [(cls, [c for c in found if not c.name.endswith("_one_preferred")]) for cls, found in constraints]

    def clean(self):
        errors = {}
        self.preference_reason = (self.preference_reason or "").strip()
        if self.is_preferred and not self.preference_reason:
            self.preference_reason = PREFERENCE_REASON_UNGIVEN
        if self.admin_area_id and self.area_id and self.admin_area.area_id != self.area_id:
            errors["admin_area"] = MSG_ADMIN_AREA_OUTSIDE.format(pcode=self.admin_area.pcode, area=self.area.code)
        for field, qualifier in (self.qualifiers or {}).items():
            if field not in self.figure_fields:
                errors["qualifiers"] = qualifier_field_message(self.figure_fields)
            elif qualifier not in QualifierChoices.values:
                errors["qualifiers"] = MSG_QUALIFIER_VALUE.format(
                    value=qualifier, choices=", ".join(QualifierChoices.values)
                )
            elif getattr(self, field) is None:
                errors["qualifiers"] = MSG_QUALIFIER_NO_FIGURE.format(field=field)
        today = timezone.localdate()
        if self.period_end and self.period_end > today and self.is_observation:
            errors["period_end"] = MSG_FUTURE_OBSERVATION.format(today=today.isoformat())
        if errors:
            raise ValidationError(errors)


def statistic_constraints(statistic: Statistic) -> list[models.BaseConstraint]:
    """What every statistic's table enforces beyond its own rules: the base record's constraints, qualifiers only
    on reported figures, one record per cell and source, one preferred record per cell (from its declaration in
    kb/statistics/)."""
    qualifiers = [qualifier_constraint(statistic.figures)] if statistic.figures else []
    return [*StatisticalRecord.Meta.constraints, *qualifiers, *cell_constraints(statistic.cell)]

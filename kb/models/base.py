"""Abstract bases shared by every domain model."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kb.choices import ReviewStatusChoices
from kb.querysets import ReviewableQuerySet


def choices_constraint(field: str, choices: type[models.TextChoices], *, blank: bool = False) -> models.CheckConstraint:
    """A CHECK constraint that keeps `field` within `choices` (choices alone constrain nothing in the database)."""
    condition = Q(**{f"{field}__in": choices.values})
    if blank:
        condition |= Q(**{field: ""})
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
    status_changed_at = models.DateTimeField(
        verbose_name=_("status changed at"),
        null=True,
        blank=True,
    )
    submitted_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    retraction_reason = models.TextField(
        verbose_name=_("retraction reason"),
        blank=True,
    )

    objects = ReviewableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            choices_constraint("status", ReviewStatusChoices),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatusChoices.RETRACTED) | ~Q(retraction_reason=""),
                name="%(app_label)s_%(class)s_retraction_has_reason",
                violation_error_message=_("A retracted record needs a retraction reason."),
            ),
        ]


class CitedModel(models.Model):
    """A figure tied to the source that reported it (one primary citation, plus optional extra citations)."""

    source = models.ForeignKey(
        to="kb.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The report, article, record or dataset this figure was taken from."),
    )
    source_locator = models.CharField(
        verbose_name=_("locator"),
        max_length=300,
        blank=True,
        help_text=_("Where in the source: page, table, paragraph or section."),
    )
    source_quote = models.TextField(
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

"""Sources and citations: where every figure comes from."""

import pghistory
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kb.choices import SourceKindChoices
from kb.models.base import CitedModel, TimeStampedModel, choices_constraint
from kb.models.dependencies import SOURCE_DEPENDENTS, citation_trigger, dependents_trigger
from kb.models.fields import ProseField, choice_field, optional_field, pattern_constraint, reference_field, user_field
from kb.querysets import SourceQuerySet

MSG_NOT_CITED_KIND = _("Further citations belong to figures and other cited records; this kind of record takes none.")
MSG_NO_SUCH_RECORD = _("There is no {kind} with this id.")


@pghistory.track()
class Source(TimeStampedModel):
    """A report, news article, official record, dataset or depositary notification that reports figures."""

    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=100,
        unique=True,
        help_text=_("Short stable key used by imports and the API, e.g. lm2019-casualties."),
    )
    kind = choice_field(SourceKindChoices, _("kind"), max_length=20)
    title = models.CharField(
        verbose_name=_("title"),
        max_length=500,
    )
    publisher = models.CharField(
        verbose_name=_("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Who published it (Landmine Monitor, Reuters, UN Secretary-General)."),
    )
    url = models.URLField(
        verbose_name=_("URL"),
        max_length=1000,
        blank=True,
    )
    published_on = optional_field(models.DateField, _("publication date"))
    language = models.CharField(
        verbose_name=_("language"),
        max_length=3,
        default="en",
        help_text=_("ISO 639-1 code of the text cited (en, uk, ru, pl, ...)."),
    )
    notes = ProseField(
        verbose_name=_("notes"),
        blank=True,
        help_text=_("Caveats: relayed through another outlet, revised edition, disagreements."),
    )
    reviewed = models.BooleanField(
        verbose_name=_("reviewed"),
        default=True,
        help_text=_(
            "Sources added by partners or editors stay out of public lists until a reviewer approves them or "
            "publishes a figure citing them."
        ),
    )
    # Until it is reviewed, a proposed source is seen and named only by staff and the account that proposed it.
    proposed_by = user_field(_("proposed by"))

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        triggers = [dependents_trigger(SOURCE_DEPENDENTS)]
        constraints = [
            choices_constraint("kind", SourceKindChoices),
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="%(app_label)s_%(class)s_unique_url",
                violation_error_message=_("Another source already has this URL."),
            ),
            pattern_constraint(
                "language",
                r"^[a-z]{2,3}$",
                "language_code",
                _("Language is an ISO 639 code in lower case (en, uk, ru)."),
            ),
        ]
        indexes = [
            # default ordering of the source list
            models.Index(fields=["-published_on", "title"], name="kb_source_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class Citation(TimeStampedModel):
    """A further source for a figure, beyond the figure's primary source: where it says so, and how."""

    content_type = models.ForeignKey(
        to=ContentType,
        verbose_name=_("record type"),
        on_delete=models.CASCADE,
    )
    object_id = models.PositiveBigIntegerField(
        verbose_name=_("record id"),
    )
    record = GenericForeignKey("content_type", "object_id")
    source = reference_field("kb.Source", _("source"), related_name="citations")
    locator = models.CharField(
        verbose_name=_("locator"),
        max_length=300,
        blank=True,
        help_text=_("Page, table, paragraph or section."),
    )
    quote = ProseField(
        verbose_name=_("quote"),
        blank=True,
    )

    class Meta:
        ordering = ["content_type", "object_id", "source__title"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        triggers = [citation_trigger()]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "source", "locator"],
                name="%(app_label)s_%(class)s_unique_per_record",
                violation_error_message=_("This record already cites this source at this locator."),
            ),
        ]
        indexes = [
            # prefetching the citations of a page of records
            models.Index(fields=["content_type", "object_id"], name="kb_citation_record_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.locator}".strip()

    def clean(self):
        """A citation belongs to a record that takes further citations, and that exists: one typed by hand (the
        Citations list) could otherwise wait under a future record's id, or sit on a country or a user."""
        super().clean()
        if self.content_type_id is None:  # an inline of its record's page: set from the record when saved
            return
        model = self.content_type.model_class()
        if model is None or not issubclass(model, CitedModel):
            raise ValidationError({"content_type": MSG_NOT_CITED_KIND})
        if self.object_id is not None and not model._default_manager.filter(pk=self.object_id).exists():
            raise ValidationError({"object_id": MSG_NO_SUCH_RECORD.format(kind=model._meta.verbose_name)})

"""States' obligations under a treaty with a date attached: deadlines, extensions, completion, transparency reports."""

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kb.choices import TreatyArticleChoices, TreatyObligationKindChoices
from kb.models.base import CitedModel, ReviewableModel, choices_constraint, feed_index
from kb.models.fields import choice_field, optional_field, reference_field, translated_fields

Kind = TreatyObligationKindChoices

MSG_DEADLINE_NEEDED = _("A deadline or an extension needs its deadline (for an extension: the new deadline).")
EXTENSIONS = (Kind.EXTENSION_REQUEST, Kind.EXTENSION_GRANTED)
MSG_COMPLETED_ON_OF_COMPLETION = _("Only a completion has a completion date.")
MSG_REPORT_IS_ARTICLE_7 = _("Transparency reports are Article 7 and Article 7 rows are reports.")
MSG_REPORT_NEEDS_YEAR = _("A transparency report needs the year it covers.")
MSG_GRANTED_BEFORE_SUBMITTED = _("An extension cannot be granted before it was submitted.")
MSG_DATES_OF_KIND = _("Only a granted extension has a grant date, and only a report covers a year.")

# What each article obliges a state to do, by treaty code (the same article number means different things).
OBLIGATION_NAMES = {
    ("APMBC", "4"): _("stockpile destruction"),
    ("APMBC", "5"): _("mine clearance"),
    ("APMBC", "7"): _("transparency reports"),
    ("CCM", "3"): _("stockpile destruction"),
    ("CCM", "4"): _("clearance of cluster munition remnants"),
    ("CCM", "7"): _("transparency reports"),
}


def obligation_name(treaty_code: str, article: str) -> str:
    """The obligation an article of a treaty sets, in words ("mine clearance"); empty for an article without one."""
    return str(OBLIGATION_NAMES.get((treaty_code, article), ""))


@pghistory.track(meta=feed_index("obligation"))
class TreatyObligation(ReviewableModel, CitedModel):
    """One dated fact about one state's obligation under one article of a treaty, as a source states it: the
    deadline the treaty set, an extension request (submitted, granted, new deadline), the completion a state
    declared, or a transparency report (year covered, submitted on).

    Whether a state is on time is never stored: kb/selectors/obligations.py derives it from these rows. A date no
    source gave stays empty."""

    # Notes are shown to the public beside the row: held in English, Ukrainian and Russian (kb/translations.py).
    TRANSLATED_FIELDS = ("notes",)
    # The dates of a row, in the order the admin, the API and import files list them.
    DATE_FIELDS = ("deadline", "submitted_on", "granted_on", "completed_on", "year_covered")

    treaty = reference_field("kb.Treaty", _("treaty"), related_name="obligations")
    area = reference_field("kb.Area", _("state"), related_name="treaty_obligations")
    article = choice_field(
        TreatyArticleChoices,
        _("article"),
        max_length=2,
        help_text=_(
            "APMBC: 4 stockpile destruction, 5 clearance, 7 reports. CCM: 3 stockpiles, 4 clearance, 7 reports."
        ),
    )
    kind = choice_field(TreatyObligationKindChoices, _("kind"), max_length=20)
    deadline = optional_field(
        models.DateField,
        _("deadline"),
        help_text=_("The treaty's deadline, or for an extension the new deadline requested or granted."),
    )
    submitted_on = optional_field(
        models.DateField,
        _("submitted on"),
        help_text=_("When the extension request or the report was submitted; empty when not stated."),
    )
    granted_on = optional_field(
        models.DateField,
        _("granted on"),
        help_text=_("When the States Parties granted the extension; empty while not granted or not stated."),
    )
    completed_on = optional_field(
        models.DateField,
        _("completed on"),
        help_text=_(
            "The day the state completed the obligation, as declared (or the day it declared it); empty when the "
            "source gives no day (the completion still counts)."
        ),
    )
    year_covered = optional_field(
        models.PositiveSmallIntegerField,
        _("year covered"),
        help_text=_("For a transparency report: the calendar year it reports on."),
    )
    notes, notes_uk, notes_ru = translated_fields(
        models.TextField, _("notes (English)"), _("notes (Ukrainian)"), _("notes (Russian)"), blank=True
    )

    class Meta(ReviewableModel.Meta):
        ordering = ["treaty__code", "area__name", "article", "kind", "deadline", "year_covered", "completed_on"]
        verbose_name = _("treaty obligation")
        verbose_name_plural = _("treaty obligations")
        constraints = [
            *ReviewableModel.Meta.constraints,
            choices_constraint("article", TreatyArticleChoices),
            choices_constraint("kind", TreatyObligationKindChoices),
            models.CheckConstraint(
                condition=~Q(kind__in=[Kind.DEADLINE, *EXTENSIONS]) | Q(deadline__isnull=False),
                name="%(app_label)s_%(class)s_deadline_needed",
                violation_error_message=MSG_DEADLINE_NEEDED,
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.COMPLETION) | Q(completed_on__isnull=True),
                name="%(app_label)s_%(class)s_completion_date_of_completion",
                violation_error_message=MSG_COMPLETED_ON_OF_COMPLETION,
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.REPORT, article="7") | (~Q(kind=Kind.REPORT) & ~Q(article="7")),
                name="%(app_label)s_%(class)s_report_is_article_7",
                violation_error_message=MSG_REPORT_IS_ARTICLE_7,
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.REPORT) | Q(year_covered__isnull=False),
                name="%(app_label)s_%(class)s_report_has_year",
                violation_error_message=MSG_REPORT_NEEDS_YEAR,
            ),
            models.CheckConstraint(
                condition=(Q(kind=Kind.EXTENSION_GRANTED) | Q(granted_on__isnull=True))
                & (Q(kind=Kind.REPORT) | Q(year_covered__isnull=True)),
                name="%(app_label)s_%(class)s_dates_of_kind",
                violation_error_message=MSG_DATES_OF_KIND,
            ),
            models.CheckConstraint(
                condition=Q(granted_on__isnull=True)
                | Q(submitted_on__isnull=True)
                | Q(granted_on__gte=F("submitted_on")),
                name="%(app_label)s_%(class)s_granted_after_submitted",
                violation_error_message=MSG_GRANTED_BEFORE_SUBMITTED,
            ),
            models.UniqueConstraint(
                fields=["treaty", "area", "article", "kind", "deadline", "completed_on", "year_covered"],
                name="%(app_label)s_%(class)s_unique_fact",
                nulls_distinct=False,
                violation_error_message=_("This state already has this fact under this article."),
            ),
        ]
        indexes = [
            # the country profile and obligation status: one state's rows per treaty and article
            models.Index(fields=["area", "treaty", "article"], name="kb_obligation_area_idx"),
            # the world list of states past a deadline: every row of one treaty and article
            models.Index(fields=["treaty", "article", "kind"], name="kb_obligation_treaty_idx"),
        ]

    @property
    def obligation_name(self) -> str:
        return obligation_name(self.treaty.code, self.article)

    def __str__(self) -> str:
        when = self.deadline or self.completed_on or self.year_covered or ""
        return f"{self.area.code} {self.treaty} Art. {self.article} {self.get_kind_display()} {when}"

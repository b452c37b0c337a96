"""Choice lists. Every field that uses one is backed by a CheckConstraint (see kb/models/base.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatusChoices(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


class AreaKindChoices(models.TextChoices):
    COUNTRY = "country", _("Country (ISO 3166-1)")
    TERRITORY = "territory", _("Other area (no ISO code)")
    AGGREGATE = "aggregate", _("Aggregate (world, group of states)")


class OrganisationKindChoices(models.TextChoices):
    NGO = "ngo", _("NGO")
    UN_AGENCY = "un_agency", _("UN agency")
    GOVERNMENT = "government", _("Government")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    PRODUCER = "producer", _("Producer")
    DONOR = "donor", _("Donor")
    RESEARCH = "research", _("Research body")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class SourceKindChoices(models.TextChoices):
    REPORT = "report", _("Report")
    NEWS = "news", _("News article")
    OFFICIAL_RECORD = "official_record", _("Official record")
    DATASET = "dataset", _("Dataset")
    TREATY_DEPOSITARY = "treaty_depositary", _("Treaty depositary notification")


class TreatyActionKindChoices(models.TextChoices):
    SIGNATURE = "signature", _("Signature")
    RATIFICATION = "ratification", _("Ratification")
    ACCESSION = "accession", _("Accession")
    SUCCESSION = "succession", _("Succession")
    ENTRY_INTO_FORCE = "entry_into_force", _("Entry into force")
    WITHDRAWAL_NOTIFIED = "withdrawal_notified", _("Withdrawal notified")
    SUSPENSION_DECLARED = "suspension_declared", _("Suspension declared")


class TreatyStatusChoices(models.TextChoices):
    """Derived, never stored: a state's standing under a treaty on a given date."""

    NON_PARTY = "non_party", _("Not a party")
    SIGNATORY = "signatory", _("Signatory")
    PENDING = "pending", _("Consented to be bound, not yet in force")
    STATE_PARTY = "state_party", _("State party")
    WITHDRAWING = "withdrawing", _("Withdrawing (notice given, not yet effective)")
    WITHDRAWN = "withdrawn", _("Withdrawn")

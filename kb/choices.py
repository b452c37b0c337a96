"""Choice lists. Every field that uses one is backed by a CheckConstraint (see kb/models/base.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatusChoices(models.TextChoices):
    """Where a record stands in review. Only published records reach the public API and pages; a retracted one is
    kept, with its history, and shown to staff only."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


class AreaKindChoices(models.TextChoices):
    """What an area is: a state with its ISO 3166-1 code, another area a source reports on that has no such code, or
    an aggregate such as the world or the States Parties of a treaty."""

    COUNTRY = "country", _("Country (ISO 3166-1)")
    TERRITORY = "territory", _("Other area (no ISO code)")
    AGGREGATE = "aggregate", _("Aggregate (world, group of states)")


class SourceKindChoices(models.TextChoices):
    """What a source is. A depositary's notification is the primary record of a treaty action; a report or news article
    that states one is a secondary source for it."""

    REPORT = "report", _("Report")
    NEWS = "news", _("News article")
    OFFICIAL_RECORD = "official_record", _("Official record")
    DATASET = "dataset", _("Dataset")
    TREATY_DEPOSITARY = "treaty_depositary", _("Treaty depositary notification")


class TreatyActionKindChoices(models.TextChoices):
    """What a state did under a treaty, as the depositary records it. Ratification, acceptance, approval, accession
    and succession are each a consent to be bound."""

    SIGNATURE = "signature", _("Signature")
    RATIFICATION = "ratification", _("Ratification")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    # CCW protocols: a state notifies its consent to be bound (CCW Art. 4(3)-(4)); the depositary's column.
    CONSENT_TO_BE_BOUND = "consent_to_be_bound", _("Consent to be bound")
    ACCESSION = "accession", _("Accession")
    SUCCESSION = "succession", _("Succession")
    ENTRY_INTO_FORCE = "entry_into_force", _("Entry into force")
    WITHDRAWAL_NOTIFIED = "withdrawal_notified", _("Withdrawal notified")
    # The date a withdrawal took effect as a source states it; it holds even when the notice date is unknown.
    WITHDRAWAL_EFFECTIVE = "withdrawal_effective", _("Withdrawal took effect")
    SUSPENSION_DECLARED = "suspension_declared", _("Suspension declared")


class TreatyStatusChoices(models.TextChoices):
    """Derived, never stored: a state's standing under a treaty on a given date, from the actions recorded for it
    (kb/services/treaty_status.py). With no action recorded and no complete participation record, it is not known."""

    NOT_RECORDED = "not_recorded", _("Not recorded")
    NON_PARTY = "non_party", _("Not a party")
    SIGNATORY = "signatory", _("Signatory")
    PENDING = "pending", _("Consented to be bound, not yet in force")
    STATE_PARTY = "state_party", _("State party")
    WITHDRAWING = "withdrawing", _("Withdrawing (notice given, not yet effective)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PeriodKindChoices(models.TextChoices):
    """What a figure's period is: a calendar year (the Monitor's usual unit), a month, a range of dates, or one
    day for a stock measured at that date (contaminated area, mines held)."""

    YEAR = "year", _("Calendar year")
    MONTH = "month", _("Month")
    RANGE = "range", _("Date range")
    AS_OF = "as_of", _("As of a date")


class QualifierChoices(models.TextChoices):
    """How a reported number is hedged in its source ("at least 6,279", "nearly 189 km²"). The number is kept as
    printed and the hedge goes with it to every format, so a bound is never read as an exact count."""

    AT_LEAST = "at_least", _("at least")
    MORE_THAN = "more_than", _("more than")
    APPROXIMATELY = "approximately", _("approximately")
    UP_TO = "up_to", _("up to")
    LESS_THAN = "less_than", _("less than")


class CivilianStatusChoices(models.TextChoices):
    """Who a casualty was. Deminers are a group of their own, as the Monitor counts them apart from civilians and
    military."""

    CIVILIAN = "civilian", _("Civilian")
    MILITARY = "military", _("Military")
    DEMINER = "deminer", _("Deminer")
    UNKNOWN = "unknown", _("Unknown")


class SexChoices(models.TextChoices):
    """A casualty's sex as the source records it; `unknown` where the source could not say. A figure with no sex is
    the total over everyone, which is not the same as `unknown`."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Unknown")


class AgeGroupChoices(models.TextChoices):
    """Child: under 18, as the Landmine Monitor counts children among casualties. A figure with no age group is the
    total over all ages."""

    CHILD = "child", _("Child")
    ADULT = "adult", _("Adult")
    UNKNOWN = "unknown", _("Unknown")


class DeviceTypeChoices(models.TextChoices):
    """The explosive item behind a figure. An improvised mine is a victim-activated improvised explosive device, which
    the Mine Ban Treaty covers as an anti-personnel mine."""

    ANTI_PERSONNEL_MINE = "anti_personnel_mine", _("Anti-personnel mine")
    ANTI_VEHICLE_MINE = "anti_vehicle_mine", _("Anti-vehicle mine")
    IMPROVISED_MINE = "improvised_mine", _("Improvised mine")
    CLUSTER_SUBMUNITION = "cluster_submunition", _("Cluster submunition")
    OTHER_ERW = "other_erw", _("Other explosive remnants of war")
    UNKNOWN = "unknown", _("Unknown")


class ExtentClassChoices(models.TextChoices):
    """The Landmine Monitor's contamination classes (by estimated mined area), and "unknown" for an area a source
    lists as contaminated without saying how much."""

    MASSIVE = "massive", _("Massive (more than 100 km²)")
    HEAVY = "heavy", _("Heavy (20-100 km²)")
    MEDIUM = "medium", _("Medium (5-20 km²)")
    LIGHT = "light", _("Light (less than 5 km²)")
    UNKNOWN = "unknown", _("Contaminated, extent not reported")


class ProductionBasisChoices(models.TextChoices):
    """What a production figure measures: mines made, what a plant can make, or what a state or firm has announced.
    Only a plan may leave the quantity empty."""

    ACTUAL = "actual", _("Actual output")
    CAPACITY = "capacity", _("Production capacity")
    PLANNED = "planned", _("Planned")


class QuantityRateChoices(models.TextChoices):
    """Whether a production quantity is a yearly rate ("100,000 a year") or a total over the record's period
    ("5-6 million planned")."""

    PER_YEAR = "per_year", _("per year")
    TOTAL = "total", _("in total")


class ActorKindChoices(models.TextChoices):
    """Who laid or used mines: a state's forces or a non-state armed group, which the Monitor reports apart. State
    forces are named by their state, a group by its name."""

    STATE = "state", _("State forces")
    NON_STATE = "non_state", _("Non-state armed group")


class UseConfidenceChoices(models.TextChoices):
    """How firmly the source establishes a use of mines: alleged (reported, not established) or confirmed (the
    source states it as established)."""

    ALLEGED = "alleged", _("Alleged")
    CONFIRMED = "confirmed", _("Confirmed")


class ProgrammeKindChoices(models.TextChoices):
    """What a programme does: building defences (fortification, such as a border line with mines), or one of the
    pillars of mine action."""

    FORTIFICATION = "fortification", _("Fortification")
    CLEARANCE = "clearance", _("Clearance")
    RISK_EDUCATION = "risk_education", _("Risk education")
    VICTIM_ASSISTANCE = "victim_assistance", _("Victim assistance")
    STOCKPILE_DESTRUCTION = "stockpile_destruction", _("Stockpile destruction")
    OTHER = "other", _("Other")


class FinancingInstrumentChoices(models.TextChoices):
    """How a programme is financed: the instrument as the source names it, such as a loan or a credit guarantee from
    another state; `other` where none of these fits."""

    GRANT = "grant", _("Grant")
    LOAN = "loan", _("Loan")
    CREDIT_GUARANTEE = "credit_guarantee", _("Credit guarantee")
    BUDGET = "budget", _("Budget allocation")
    OTHER = "other", _("Other")


class FundingFlowChoices(models.TextChoices):
    """Whose money a funding figure is: donors' (international), an affected state's for its own programme
    (national), or both together where the source does not split them (total)."""

    TOTAL = "total", _("Total (international and national)")
    INTERNATIONAL = "international", _("International")
    NATIONAL = "national", _("National")


class FundingSectorChoices(models.TextChoices):
    """The mine action sector a funding figure went to, as the Monitor splits support by sector. A figure with no
    sector is all sectors together."""

    CLEARANCE = "clearance", _("Clearance and land release")
    RISK_EDUCATION = "risk_education", _("Risk education")
    VICTIM_ASSISTANCE = "victim_assistance", _("Victim assistance")
    STOCKPILE_DESTRUCTION = "stockpile_destruction", _("Stockpile destruction")
    ADVOCACY = "advocacy", _("Advocacy")
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")


class HazardClassChoices(models.TextChoices):
    """IMAS 07.11: how strong the evidence of contamination in a hazardous area is. A suspected area rests on
    indirect evidence, a confirmed one on direct evidence of explosive ordnance."""

    SHA = "sha", _("Suspected hazardous area (SHA)")
    CHA = "cha", _("Confirmed hazardous area (CHA)")


class HazardStatusChoices(models.TextChoices):
    """Where work on a hazardous area stands: not started, under way (survey or clearance), or closed. A new area
    is open."""

    OPEN = "open", _("Open")
    WORKED_ON = "worked_on", _("Being worked on")
    CLOSED = "closed", _("Closed")


class ReleaseMethodChoices(models.TextChoices):
    """IMAS 07.11: the three ways land is released. A database constraint holds each to its outcomes: non-technical
    survey cancels land, technical survey reduces or clears it, clearance clears it."""

    NON_TECHNICAL_SURVEY = "nts", _("Non-technical survey")
    TECHNICAL_SURVEY = "ts", _("Technical survey")
    CLEARANCE = "clearance", _("Clearance")


class ReleaseOutcomeChoices(models.TextChoices):
    """How land was released (IMAS 07.11): cancelled by non-technical survey, reduced by technical survey, or
    cleared."""

    CANCELLED = "cancelled", _("Cancelled")
    REDUCED = "reduced", _("Reduced")
    CLEARED = "cleared", _("Cleared")


class TreatyArticleChoices(models.TextChoices):
    """The article of a treaty an obligation falls under. APMBC: 4 stockpile destruction, 5 clearance, 7 reports;
    CCM: 3 stockpile destruction, 4 clearance, 7 reports."""

    ARTICLE_3 = "3", _("Article 3")
    ARTICLE_4 = "4", _("Article 4")
    ARTICLE_5 = "5", _("Article 5")
    ARTICLE_7 = "7", _("Article 7")


class TreatyObligationKindChoices(models.TextChoices):
    """The steps of a treaty obligation: the deadline the treaty sets, an extension requested and one granted,
    completion, and the yearly transparency report (Article 7 of both conventions)."""

    DEADLINE = "deadline", _("Deadline set by the treaty")
    EXTENSION_REQUEST = "extension_request", _("Extension requested")
    EXTENSION_GRANTED = "extension_granted", _("Extension granted")
    COMPLETION = "completion", _("Completion declared")
    REPORT = "report", _("Transparency report")


class ObligationStateChoices(models.TextChoices):
    """Where a state stands on a deadline on a date (derived by kb/selectors/obligations.py, never stored), from the
    obligation rows and the treaty actions recorded for the state."""

    ON_TIME = "on_time", _("On time")
    PAST_DEADLINE = "past_deadline", _("Past deadline")
    # Past the deadline by the rows held, but no source behind them was published after it: a later extension or
    # completion may exist that this record does not hold yet, so the state is not called late.
    NO_RECORD_SINCE_DEADLINE = "no_record_since_deadline", _("Deadline passed, nothing recorded since")
    COMPLETED = "completed", _("Completed")
    # The treaty's actions recorded for the state show it not bound on the date (withdrawn, or its consent not yet in
    # force): its deadlines do not run then. A state with no action recorded is not judged so.
    NOT_BOUND = "not_bound", _("Not bound by the treaty on this date")
    UNKNOWN = "unknown", _("No deadline recorded")


class TransferStatusChoices(models.TextChoices):
    """How far a transfer of mines between states is established, as the source puts it: from a transfer stated only
    as possible to one confirmed, or denied by a party to it."""

    POSSIBLE = "possible", _("Stated as possible")
    REPORTED = "reported", _("Reported")
    ALLEGED = "alleged", _("Alleged")
    CONFIRMED = "confirmed", _("Confirmed")
    DENIED = "denied", _("Denied")


class MilestoneKindChoices(models.TextChoices):
    """A dated step in a programme's life, from its announcement to its completion. A planned completion is a date
    the source expects, not one reached."""

    ANNOUNCED = "announced", _("Announced")
    APPROVED = "approved", _("Approved")
    CONSTRUCTION_START = "construction_start", _("Construction start")
    SECTION_COMPLETED = "section_completed", _("Section completed")
    PLANNED_COMPLETION = "planned_completion", _("Planned completion")
    COMPLETION = "completion", _("Completion")
    OTHER = "other", _("Other")


class DatePrecisionChoices(models.TextChoices):
    """How precisely a source gives a date: a day, a month ("in May 2025") or a year ("by 2028"). A month is stored
    as its first day and a year as 1 January."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class OrganisationKindChoices(models.TextChoices):
    """What an organisation is, as publisher, operator, donor, producer or partner. An organisation has one kind; the
    role it plays in a record (publisher of a source, donor of funding) comes from the field that names it."""

    NGO = "ngo", _("NGO")
    UN_AGENCY = "un_agency", _("UN agency")
    GOVERNMENT = "government", _("Government")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    PRODUCER = "producer", _("Producer")
    DONOR = "donor", _("Donor")
    RESEARCH = "research", _("Research body")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")

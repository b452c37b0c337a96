"""Where states stand on their treaty deadlines: the current deadline per article (the latest granted extension,
else the treaty's deadline), on time / past deadline / completed, and the states past a deadline.

A state is called past its deadline only when a source behind its rows was published after that deadline; when
every source predates it (or gives no day), the standing is "deadline passed, nothing recorded since", because an
extension granted at the deadline is the usual course and the record may simply not hold it yet.

`obligation_standing` is a pure function over one state's rows for one article, tested with dated cases; the
selectors below load the rows the caller may see (`visible(Model)`, published only for the public)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from kb.choices import ObligationStateChoices as State
from kb.choices import TreatyObligationKindChoices as Kind
from kb.choices import TreatyStatusChoices
from kb.models import Area, ArmedConflictPeriod, Citation, Source, TreatyAction, TreatyObligation
from kb.models.obligations import obligation_name
from kb.selectors.treaties import treaty_seen, treaty_status_list
from kb.services.history import rows_as_of
from kb.translations import collated_positions

# Articles with a deadline (stockpile destruction and clearance); Article 7 reports are listed, not judged.
DEADLINE_ARTICLES = {("APMBC", "4"), ("APMBC", "5"), ("CCM", "3"), ("CCM", "4")}


@dataclass
class ObligationStanding:
    """One state's standing on one article of one treaty on a date."""

    area: Area
    treaty: str
    article: str
    on: dt.date
    state: str = State.UNKNOWN
    original_deadline: dt.date | None = None
    deadline: dt.date | None = None
    extensions_granted: int = 0
    extension_requested: TreatyObligation | None = None
    completed_on: dt.date | None = None
    completed_after_deadline: bool = False
    rows: list[TreatyObligation] = field(default_factory=list)

    @property
    def newest_source_on(self) -> dt.date | None:
        """The publication day of the newest dated source behind the rows (their own sources and further
        citations): how recent the record of this obligation is, so a reader can tell a missed deadline from one
        whose later extension nobody has recorded yet."""
        return max(filter(None, (day for row in self.rows for day in _publication_days(row))), default=None)

    @property
    def obligation(self) -> str:
        return obligation_name(self.treaty, self.article)

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)


def _publication_days(row) -> list[dt.date | None]:
    """The publication days of a row's source and of its further citations: a record's own, a history snapshot's
    as they stood then (`cited_days`, set by _standings); an unsaved row has none."""
    days = [row.source.published_on]
    if row.pk is not None and isinstance(row, TreatyObligation):
        days += [citation.source.published_on for citation in row.citations.all()]
    return days + getattr(row, "cited_days", [])


def _cited_days_as_of(snapshots: list, at: dt.datetime) -> None:
    """Give each snapshot the publication days of the further citations it had at `at` (their history), so an
    answer as of a moment weighs the same sources as the answer of that moment did."""
    kind = ContentType.objects.get_for_model(TreatyObligation)
    ids = [snapshot.pgh_obj_id for snapshot in snapshots]
    citations = rows_as_of(Citation, at).filter(content_type_id=kind.pk, object_id__in=ids)
    published = dict(Source.objects.filter(pk__in={c.source_id for c in citations}).values_list("pk", "published_on"))
    days: dict[int, list] = defaultdict(list)
    for citation in citations:
        days[citation.object_id].append(published.get(citation.source_id))
    for snapshot in snapshots:
        snapshot.cited_days = days[snapshot.pgh_obj_id]


def _grant_day(row: TreatyObligation) -> dt.date | None:
    """The earliest day a grant can have counted: its own day or, where no source gave it (only the meeting is
    known), the day its request was submitted; None when neither is known."""
    return row.granted_on or row.submitted_on


def _completion_day(row: TreatyObligation) -> dt.date | None:
    """The day of a completion or, where no source gave it, the first day a source reported it (it was done by
    then); None when neither is known."""
    return row.completed_on or min(filter(None, _publication_days(row)), default=None)


def _by(day: dt.date | None, on: dt.date) -> bool:
    # A row with no day at all counts from the start: what it reports is all that is known.
    return day is None or day <= on


def obligation_standing(
    *, area: Area, treaty: str, article: str, rows: Iterable[TreatyObligation], on: dt.date
) -> ObligationStanding:
    """The standing on `on` from the rows of one state, treaty and article. Only what happened on or before `on`
    counts: a grant or completion after it is ignored (one without a day counts from the day its request was
    submitted or its source reported it); the treaty's deadline counts from the start."""
    rows = sorted(rows, key=lambda r: (r.deadline or r.completed_on or dt.date.min, r.pk or 0))
    standing = ObligationStanding(area=area, treaty=treaty, article=article, on=on, rows=rows)
    originals = [r.deadline for r in rows if r.kind == Kind.DEADLINE]
    standing.original_deadline = min(originals) if originals else None
    grants = [r for r in rows if r.kind == Kind.EXTENSION_GRANTED and _by(_grant_day(r), on)]
    standing.extensions_granted = len(grants)
    # The latest granted extension is the one granting the latest deadline.
    standing.deadline = max(r.deadline for r in grants) if grants else standing.original_deadline
    last_grant = max(filter(None, map(_grant_day, grants)), default=None)
    # A grant that names its request's submission settles that request and any earlier one, even where less was
    # granted than asked.
    settled = max(filter(None, (r.submitted_on for r in grants)), default=None)
    requests = [
        r
        for r in rows
        if r.kind == Kind.EXTENSION_REQUEST
        and _by(r.submitted_on, on)
        and (standing.deadline is None or r.deadline > standing.deadline)
        and not (settled and r.submitted_on and r.submitted_on <= settled)
    ]
    # The pending request is the one submitted last (a revised request replaces an earlier one, whatever it asks).
    by_submission = sorted(requests, key=lambda r: (r.submitted_on is not None, r.submitted_on or dt.date.min))
    standing.extension_requested = by_submission[-1] if by_submission else None
    # A completion followed by a grant (new contamination found) no longer closes the obligation.
    completions = [
        r
        for r in rows
        if r.kind == Kind.COMPLETION
        and _by(_completion_day(r), on)
        and not (last_grant and _completion_day(r) and _completion_day(r) < last_grant)
    ]
    if completions:
        dated = [r.completed_on for r in completions if r.completed_on is not None]
        standing.completed_on = min(dated) if dated else None
        standing.state = State.COMPLETED
        standing.completed_after_deadline = bool(
            standing.deadline and standing.completed_on and standing.completed_on > standing.deadline
        )
    elif standing.deadline is not None:
        standing.state = _deadline_state(standing, on)
    return standing


def _deadline_state(standing: ObligationStanding, on: dt.date) -> str:
    if on <= standing.deadline:
        return State.ON_TIME
    newest = standing.newest_source_on
    return State.PAST_DEADLINE if newest and newest > standing.deadline else State.NO_RECORD_SINCE_DEADLINE


def _standings(rows: QuerySet[TreatyObligation], on: dt.date, visible) -> list[ObligationStanding]:
    """The standings from `rows` (of `visible(TreatyObligation)`: live records, or history snapshots as of
    `visible.as_of`)."""
    at = getattr(visible, "as_of", None)
    groups: dict[tuple, list[TreatyObligation]] = defaultdict(list)
    rows = rows.select_related("area", "treaty", "source")
    if rows.model is TreatyObligation:  # live rows, not history snapshots
        rows = rows.prefetch_related("citations__source")
    rows = list(rows)
    if at is not None and rows:
        _cited_days_as_of(rows, at)
    for row in rows:
        if (row.treaty.code, row.article) in DEADLINE_ARTICLES:
            groups[(row.area.pk, row.treaty.code, row.article)].append(row)
    standings = [
        obligation_standing(area=group[0].area, treaty=code, article=article, rows=group, on=on)
        for (_, code, article), group in groups.items()
    ]
    _unbound_marked(standings, {group[0].treaty for group in groups.values()}, visible, on)
    return standings


# Treaty statuses the state's recorded actions give that leave it not bound on the date.
UNBOUND = {TreatyStatusChoices.WITHDRAWN, TreatyStatusChoices.PENDING, TreatyStatusChoices.SIGNATORY}


def _unbound(status, acted: bool) -> bool:
    """Not bound by its recorded actions: withdrawn, consent not yet in force, only signed, or nothing recorded yet
    by the date of a state whose actions all come later (it joined afterwards)."""
    return status.status in UNBOUND or (acted and not status.is_bound)


def _unbound_marked(standings: list[ObligationStanding], treaties: set, visible, on: dt.date) -> None:
    """A state its recorded actions show not bound by the treaty on `on` (withdrawn, consent not yet in force, not
    joined yet) is not held to the treaty's deadlines then; a completion stays a completion."""
    areas = {standing.area for standing in standings}
    one = next(iter(areas)) if len(areas) == 1 else None  # a country page: its own status only
    unbound = set()
    for treaty in treaties:
        statuses = treaty_status_list(
            treaty=treaty_seen(treaty, visible),
            on=on,
            actions=visible(TreatyAction),
            conflicts=visible(ArmedConflictPeriod),
            area=one,
        )
        acted = set(visible(TreatyAction).filter(treaty=treaty).values_list("area_id", flat=True).distinct())
        unbound |= {(treaty.code, item.area.pk) for item in statuses if _unbound(item.status, item.area.pk in acted)}
    for standing in standings:
        if (standing.treaty, standing.area.pk) in unbound and standing.state != State.COMPLETED:
            standing.state = State.NOT_BOUND


def area_obligations_get(
    *, area: Area, visible: Callable[[type], QuerySet], on: dt.date | None = None
) -> tuple[list[ObligationStanding], list[TreatyObligation]]:
    """A state's standing on each article with a deadline (ordered by treaty and article) and its transparency
    reports (newest year first)."""
    on = on or dt.date.today()
    rows = visible(TreatyObligation).filter(area=area)
    standings = sorted(_standings(rows, on, visible), key=lambda s: (s.treaty, s.article))
    reports = list(
        rows.filter(kind=Kind.REPORT).select_related("treaty", "source").order_by("treaty__code", "-year_covered")
    )
    return standings, reports


def obligation_standing_list(
    *,
    visible: Callable[[type], QuerySet],
    on: dt.date | None = None,
    treaty: str | None = None,
    area: Area | None = None,
) -> list[ObligationStanding]:
    """Every state's standing on each article with a deadline on `on` (default today), optionally of one treaty or
    one state; ordered by treaty, article and state name."""
    rows = visible(TreatyObligation).all()
    if treaty is not None:
        rows = rows.filter(treaty__code=treaty)
    if area is not None:
        rows = rows.filter(area=area)
    standings = _standings(rows, on or dt.date.today(), visible)
    # By the state's name as shown, in the language's alphabetical order (ICU, in the database), as coverage is.
    areas = {s.area.pk for s in standings}
    position = dict.fromkeys(areas, 0)
    if len(areas) > 1:  # a profile's standings are one state's: no query to order them
        position = collated_positions(Area.objects.filter(pk__in=areas), "name", "code")
    return sorted(standings, key=lambda s: (s.treaty, s.article, position[s.area.pk]))


def passed_deadlines(
    *, visible: Callable[[type], QuerySet], on: dt.date | None = None
) -> tuple[list[ObligationStanding], list[ObligationStanding]]:
    """The standings whose current deadline passed before `on` (default today) with no completion, in two lists:
    those a later source shows late, and those with nothing recorded since the deadline (to check before anyone is
    called late); each ordered by treaty, article and state name."""
    standings = obligation_standing_list(visible=visible, on=on)
    return (
        [s for s in standings if s.state == State.PAST_DEADLINE],
        [s for s in standings if s.state == State.NO_RECORD_SINCE_DEADLINE],
    )

"""A state's standing under a treaty on any date, derived from its recorded actions.

Pure functions over loaded rows (`TreatyRules`, `ActionFact`, `ConflictFact`) so every rule can be tested with
dated cases; `treaty_status_list` and `treaty_history_get` in kb/selectors/treaties.py load the rows from the database.

Rules applied:
* consent to be bound = the first ratification, acceptance, approval, accession or succession (one
  instrument each, all with the same effect: APMBC Art. 16, CCM Art. 16, CCW Art. 4), or for a CCW protocol the
  notification of consent to be bound (CCW Art. 4(3)-(4));
* entry into force for the state = a recorded entry-into-force action, else derived from the treaty's rule
  ("first day of the sixth month after deposit", APMBC/CCM Art. 17; "six months after deposit", CCW Art. 5),
  and never before the treaty's own entry into force;
* a withdrawal takes effect `withdrawal_notice_months` after the depositary receives the notice (a notice on
  the 31st takes effect on the last day of a shorter month);
* a recorded `withdrawal_effective` action (the date a source states the withdrawal took effect) wins over the
  derived date, and makes the state `withdrawn` from that date even when no notice is recorded;
* APMBC Art. 20(3) / CCM Art. 20(3): if on that day the state is engaged in an armed conflict, the withdrawal
  takes effect only the day after the conflict ends, and stays pending while the conflict is ongoing;
* a declared "suspension" has no effect on the status (the treaties provide none); it is reported as a flag;
* no recorded action is not evidence: `non_party` only where the treaty's participation record is complete up to
  the date (`records_complete_on`) or the date is before the treaty's adoption; otherwise `not_recorded`.
"""

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from kb.choices import TreatyActionKindChoices as Kind
from kb.choices import TreatyStatusChoices as Status

CONSENT_KINDS = (
    Kind.RATIFICATION,
    Kind.ACCEPTANCE,
    Kind.APPROVAL,
    Kind.CONSENT_TO_BE_BOUND,
    Kind.ACCESSION,
    Kind.SUCCESSION,
)
# Notes the API and pages show with a status, in the reader's language.
NOTE_NOT_RECORDED = _(
    "No signature, consent or withdrawal is recorded for this state by this date, and the knowledge base does not "
    "hold the treaty's complete participation record for it: whether the state is a party is not known here."
)
NOTE_SUSPENSION = _("Suspension declared; the treaty provides for none, so obligations continue.")
NOTE_DEFERRED = _(
    "Withdrawal deferred: the state is engaged in an armed conflict, and the treaty lets a withdrawal take effect "
    "only once it ends."
)


@dataclass(frozen=True)
class TreatyRules:
    code: str
    entry_into_force_on: dt.date | None
    entry_into_force_months: int = 6
    entry_into_force_first_of_month: bool = True
    withdrawal_notice_months: int = 6
    armed_conflict_defers_withdrawal: bool = True
    adopted_on: dt.date | None = None
    # Up to this date every state's actions under the treaty are recorded, so no action means no participation.
    records_complete_on: dt.date | None = None

    def knows_non_parties_on(self, on: dt.date) -> bool:
        """Whether a state with no recorded action on `on` is known not to be a party: the records are complete up
        to that date, or the treaty had not been adopted yet."""
        return any(day is not None and on <= day for day in (self.records_complete_on, self.adopted_on))


@dataclass(frozen=True)
class ActionFact:
    kind: str
    date: dt.date


@dataclass(frozen=True)
class ConflictFact:
    started_on: dt.date
    ended_on: dt.date | None  # last day of the conflict; None while ongoing

    def covers(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


@dataclass(frozen=True)
class TreatyStatus:
    """The answer for one state, one treaty, one date."""

    status: str
    on: dt.date
    signed_on: dt.date | None = None
    consent_kind: str | None = None
    consent_on: dt.date | None = None
    in_force_on: dt.date | None = None
    withdrawal_notified_on: dt.date | None = None
    # When the withdrawal takes (or took) effect; None while an ongoing armed conflict defers it.
    withdrawal_effective_on: dt.date | None = None
    withdrawal_deferred_by_armed_conflict: bool = False
    suspension_declared_on: dt.date | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_bound(self) -> bool:
        """Whether the treaty's obligations apply to the state on that date."""
        return self.status in (Status.STATE_PARTY, Status.WITHDRAWING) and (
            self.in_force_on is not None and self.in_force_on <= self.on
        )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the end of a shorter month (31 Aug + 6 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def entry_into_force_for_state(rules: TreatyRules, deposited_on: dt.date) -> dt.date:
    """When the treaty enters into force for a state that deposited its instrument on `deposited_on`."""
    if rules.entry_into_force_first_of_month:
        derived = add_months(deposited_on.replace(day=1), rules.entry_into_force_months)
    else:
        derived = add_months(deposited_on, rules.entry_into_force_months)
    if rules.entry_into_force_on and derived < rules.entry_into_force_on:
        return rules.entry_into_force_on
    return derived


def withdrawal_effective_date(
    rules: TreatyRules, notified_on: dt.date, conflicts: Iterable[ConflictFact]
) -> tuple[dt.date | None, bool]:
    """(effective date or None while deferred, whether an armed conflict deferred it)."""
    effective = add_months(notified_on, rules.withdrawal_notice_months)
    if not rules.armed_conflict_defers_withdrawal:
        return effective, False
    deferred = False
    # A conflict may run into the next one (recorded as adjacent periods): follow the chain.
    ordered = sorted(conflicts, key=lambda c: c.started_on)
    changed = True
    while changed:
        changed = False
        for conflict in ordered:
            if conflict.covers(effective):
                deferred = True
                if conflict.ended_on is None:
                    return None, True
                effective = conflict.ended_on + dt.timedelta(days=1)
                changed = True
    return effective, deferred


def _known_on(conflicts: Iterable[ConflictFact], on: dt.date) -> list[ConflictFact]:
    """The armed conflicts as they stood on `on`: one that began later does not count yet, and one that ended later
    was still going on (so a withdrawal it holds back has no date yet)."""
    return [
        ConflictFact(c.started_on, c.ended_on if c.ended_on is not None and c.ended_on < on else None)
        for c in conflicts
        if c.started_on <= on
    ]


def _first(actions: Sequence[ActionFact], kinds: Iterable[str], on: dt.date) -> ActionFact | None:
    kinds = set(kinds)
    matching = [a for a in actions if a.kind in kinds and a.date <= on]
    return min(matching, key=lambda a: a.date) if matching else None


def _last(actions: Sequence[ActionFact], kinds: Iterable[str], on: dt.date) -> ActionFact | None:
    kinds = set(kinds)
    matching = [a for a in actions if a.kind in kinds and a.date <= on]
    return max(matching, key=lambda a: a.date) if matching else None


def _withdrawal_effective(
    rules: TreatyRules, notice: ActionFact | None, stated: ActionFact | None, conflicts: Iterable[ConflictFact]
) -> tuple[dt.date | None, bool]:
    """(effective date, deferred by armed conflict): a date a source states wins over the derived one."""
    if stated is not None:
        return stated.date, False
    return withdrawal_effective_date(rules, notice.date, conflicts)


def status_on(
    *,
    rules: TreatyRules,
    actions: Sequence[ActionFact],
    conflicts: Sequence[ConflictFact] = (),
    on: dt.date,
) -> TreatyStatus:
    """Derive one state's status under a treaty on `on` from what had happened by that date."""
    conflicts = _known_on(conflicts, on)
    first, *later = memberships(actions)
    answer = _membership_status(rules, first, conflicts, on)
    for membership in later:  # a state that joined again after it withdrew
        if answer.status != Status.WITHDRAWN or not _first(membership, CONSENT_KINDS, on):
            break
        again = _membership_status(rules, membership, conflicts, on)
        answer = replace(again, signed_on=answer.signed_on or again.signed_on)
    return answer


def memberships(actions: Sequence[ActionFact]) -> list[list[ActionFact]]:
    """The actions split where a state consents again after a withdrawal: each membership's entry into force and
    withdrawal are read within it, never from the next one. The first holds everything before its consent
    (signature; a succession's entry into force, which predates its notification). On one day a withdrawal taking
    effect comes before a new consent: it ends the membership the consent follows."""
    ordered = sorted(actions, key=lambda a: (a.date, a.kind != Kind.WITHDRAWAL_EFFECTIVE))
    split: list[list[ActionFact]] = [[]]
    leaving = False
    for action in ordered:
        if leaving and action.kind in CONSENT_KINDS:
            split.append([])
            leaving = False
        split[-1].append(action)
        withdrawing = action.kind in (Kind.WITHDRAWAL_NOTIFIED, Kind.WITHDRAWAL_EFFECTIVE)
        leaving = leaving or (withdrawing and any(a.kind in CONSENT_KINDS for a in split[-1]))
    return split


def _membership_status(
    rules: TreatyRules, actions: Sequence[ActionFact], conflicts: Sequence[ConflictFact], on: dt.date
) -> TreatyStatus:
    signature = _first(actions, [Kind.SIGNATURE], on)
    consent = _first(actions, CONSENT_KINDS, on)
    signed_on = signature.date if signature else None
    suspension = _last(actions, [Kind.SUSPENSION_DECLARED], on)
    suspension_on = suspension.date if suspension else None
    notes: list[str] = []
    if suspension_on:
        notes.append(NOTE_SUSPENSION)

    if consent is None:
        if signature:
            status = Status.SIGNATORY
        elif rules.knows_non_parties_on(on):
            status = Status.NON_PARTY
        else:
            # Nothing recorded is not evidence: without the complete participation record, say so.
            status = Status.NOT_RECORDED
            notes.append(NOTE_NOT_RECORDED)
        return TreatyStatus(
            status=status, on=on, signed_on=signed_on, suspension_declared_on=suspension_on, notes=tuple(notes)
        )

    # A succession takes effect from the successor's independence, before its notification is deposited: a stated
    # entry into force may then predate the consent it follows from (South Sudan: 9 July 2011, deposited 11 November).
    retroactive = consent.kind == Kind.SUCCESSION
    recorded_eif = _first(
        [a for a in actions if retroactive or a.date >= consent.date], [Kind.ENTRY_INTO_FORCE], dt.date.max
    )
    in_force_on = recorded_eif.date if recorded_eif else entry_into_force_for_state(rules, consent.date)
    common = {
        "on": on,
        "signed_on": signed_on,
        "consent_kind": consent.kind,
        "consent_on": consent.date,
        "in_force_on": in_force_on,
        "suspension_declared_on": suspension_on,
    }

    since_consent = [a for a in actions if a.date >= consent.date]
    notice = _last(since_consent, [Kind.WITHDRAWAL_NOTIFIED], on)
    # A stated effective date counts from that day on; once the notice is known it also dates the pending withdrawal.
    after_notice = [a for a in since_consent if notice is None or a.date >= notice.date]
    stated = _first(after_notice, [Kind.WITHDRAWAL_EFFECTIVE], on if notice is None else dt.date.max)
    if notice is not None or stated is not None:
        effective, deferred = _withdrawal_effective(rules, notice, stated, conflicts)
        if deferred:
            notes.append(NOTE_DEFERRED)
        return TreatyStatus(
            status=Status.WITHDRAWN if effective is not None and effective <= on else Status.WITHDRAWING,
            withdrawal_notified_on=notice.date if notice else None,
            withdrawal_effective_on=effective,
            withdrawal_deferred_by_armed_conflict=deferred,
            notes=tuple(notes),
            **common,
        )

    status = Status.STATE_PARTY if in_force_on <= on else Status.PENDING
    return TreatyStatus(status=status, notes=tuple(notes), **common)


def status_timeline(
    *,
    rules: TreatyRules,
    actions: Sequence[ActionFact],
    conflicts: Sequence[ConflictFact] = (),
    until: dt.date,
) -> list[tuple[dt.date, str]]:
    """Every (date, status) at which the state's status changed, up to `until`."""
    candidates = {a.date for a in actions}
    for conflict in conflicts:
        candidates.add(conflict.started_on)
        if conflict.ended_on:
            candidates.add(conflict.ended_on + dt.timedelta(days=1))
    # Derived dates (entry into force, withdrawal effective) follow from the status on each recorded date (a state
    # that joined again has those of each membership) and at the latest date.
    for day in sorted(candidates | {until}):
        derived = status_on(rules=rules, actions=actions, conflicts=conflicts, on=day)
        candidates.update(d for d in (derived.in_force_on, derived.withdrawal_effective_on) if d)
    # Nothing happened before the first recorded action: a succession's earlier entry into force, or a conflict that
    # began before, is no change of status (it read "not recorded" on a day of no record).
    start = min((a.date for a in actions if a.kind != Kind.ENTRY_INTO_FORCE), default=until)
    timeline: list[tuple[dt.date, str]] = []
    for day in sorted(d for d in candidates if start <= d <= until):
        status = status_on(rules=rules, actions=actions, conflicts=conflicts, on=day).status
        if not timeline or timeline[-1][1] != status:
            timeline.append((day, status))
    return timeline

"""Dated cases for the derived treaty status (six-month rule, armed-conflict exception, entry into force)."""

import datetime as dt

import pytest

from kb.choices import TreatyActionKindChoices as Kind
from kb.choices import TreatyStatusChoices as Status
from kb.services.treaty_status import (
    ActionFact,
    ConflictFact,
    TreatyRules,
    add_months,
    entry_into_force_for_state,
    status_on,
    status_timeline,
    withdrawal_effective_date,
)

APMBC = TreatyRules(code="APMBC", entry_into_force_on=dt.date(1999, 3, 1), adopted_on=dt.date(1997, 9, 18))
CCW = TreatyRules(
    code="CCW-AP2",
    entry_into_force_on=dt.date(1998, 12, 3),
    entry_into_force_first_of_month=False,
    withdrawal_notice_months=12,
)
D = dt.date

# Poland under the Mine Ban Treaty, as recorded in the demo data.
POLAND = [
    ActionFact(Kind.SIGNATURE, D(1997, 12, 4)),
    ActionFact(Kind.RATIFICATION, D(2012, 12, 27)),
    ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2025, 8, 20)),
]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 8, 20), 6, D(2026, 2, 20)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),  # notice on the 31st, shorter month
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # leap year
        (D(2025, 12, 31), 6, D(2026, 6, 30)),
        (D(2025, 7, 31), 6, D(2026, 1, 31)),
        (D(2025, 1, 31), 12, D(2026, 1, 31)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(1997, 9, 18), Status.NON_PARTY),  # no state can be a party before the treaty is adopted
        (D(1997, 12, 3), Status.NOT_RECORDED),  # nothing recorded yet, and the record is not known complete
        (D(1997, 12, 4), Status.SIGNATORY),
        (D(2012, 12, 26), Status.SIGNATORY),
        (D(2012, 12, 27), Status.PENDING),  # ratified, not yet in force
        (D(2013, 5, 31), Status.PENDING),
        (D(2013, 6, 1), Status.STATE_PARTY),  # first day of the sixth month after deposit
        (D(2025, 8, 19), Status.STATE_PARTY),
        (D(2025, 8, 20), Status.WITHDRAWING),  # notice received
        (D(2025, 9, 1), Status.WITHDRAWING),
        (D(2026, 2, 19), Status.WITHDRAWING),  # the day before the effective date
        (D(2026, 2, 20), Status.WITHDRAWN),  # the day of
        (D(2026, 2, 21), Status.WITHDRAWN),  # the day after
        (D(2026, 3, 1), Status.WITHDRAWN),
    ],
)
def test_poland_status_through_time(on, expected):
    assert status_on(rules=APMBC, actions=POLAND, on=on).status == expected


def test_withdrawing_state_is_still_bound_and_withdrawn_state_is_not():
    withdrawing = status_on(rules=APMBC, actions=POLAND, on=D(2026, 2, 19))
    withdrawn = status_on(rules=APMBC, actions=POLAND, on=D(2026, 2, 20))
    assert withdrawing.is_bound is True
    assert withdrawing.withdrawal_effective_on == D(2026, 2, 20)
    assert withdrawn.is_bound is False


def test_notice_on_the_31st_takes_effect_on_last_day_of_february():
    actions = [ActionFact(Kind.ACCESSION, D(2005, 1, 10)), ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2025, 8, 31))]
    assert status_on(rules=APMBC, actions=actions, on=D(2026, 2, 27)).status == Status.WITHDRAWING
    result = status_on(rules=APMBC, actions=actions, on=D(2026, 2, 28))
    assert result.status == Status.WITHDRAWN
    assert result.withdrawal_effective_on == D(2026, 2, 28)


UKRAINE = [
    ActionFact(Kind.RATIFICATION, D(2005, 12, 27)),
    ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2025, 6, 29)),
    ActionFact(Kind.SUSPENSION_DECLARED, D(2025, 7, 18)),
]


def test_armed_conflict_on_the_effective_date_keeps_the_state_bound():
    ongoing = [ConflictFact(D(2022, 2, 24), None)]
    result = status_on(rules=APMBC, actions=UKRAINE, conflicts=ongoing, on=D(2026, 3, 1))
    assert result.status == Status.WITHDRAWING
    assert result.is_bound is True
    assert result.withdrawal_effective_on is None
    assert result.withdrawal_deferred_by_armed_conflict is True
    assert result.suspension_declared_on == D(2025, 7, 18)


def test_withdrawal_takes_effect_the_day_after_the_conflict_ends():
    ended = [ConflictFact(D(2022, 2, 24), D(2027, 5, 9))]
    assert status_on(rules=APMBC, actions=UKRAINE, conflicts=ended, on=D(2027, 5, 9)).status == Status.WITHDRAWING
    result = status_on(rules=APMBC, actions=UKRAINE, conflicts=ended, on=D(2027, 5, 10))
    assert result.status == Status.WITHDRAWN
    assert result.withdrawal_effective_on == D(2027, 5, 10)
    assert result.withdrawal_deferred_by_armed_conflict is True


def test_conflict_that_ended_before_the_effective_date_does_not_defer():
    ended = [ConflictFact(D(2022, 2, 24), D(2025, 12, 28))]  # effective date is 2025-12-29
    result = status_on(rules=APMBC, actions=UKRAINE, conflicts=ended, on=D(2025, 12, 29))
    assert result.status == Status.WITHDRAWN
    assert result.withdrawal_deferred_by_armed_conflict is False


def test_conflict_ending_on_the_effective_date_defers_by_one_day():
    ended = [ConflictFact(D(2022, 2, 24), D(2025, 12, 29))]
    assert withdrawal_effective_date(APMBC, D(2025, 6, 29), ended) == (D(2025, 12, 30), True)


def test_conflict_starting_after_the_effective_date_does_not_defer():
    later = [ConflictFact(D(2026, 1, 1), None)]
    assert withdrawal_effective_date(APMBC, D(2025, 6, 29), later) == (D(2025, 12, 29), False)


def test_adjacent_conflict_periods_defer_until_the_last_ends():
    chain = [ConflictFact(D(2020, 1, 1), D(2026, 1, 31)), ConflictFact(D(2026, 2, 1), D(2026, 8, 15))]
    assert withdrawal_effective_date(APMBC, D(2025, 6, 29), chain) == (D(2026, 8, 16), True)


def test_treaty_without_the_armed_conflict_rule_ignores_conflicts():
    rules = TreatyRules(code="X", entry_into_force_on=None, armed_conflict_defers_withdrawal=False)
    assert withdrawal_effective_date(rules, D(2025, 6, 29), [ConflictFact(D(2022, 1, 1), None)]) == (
        D(2025, 12, 29),
        False,
    )


def test_ccw_withdrawal_takes_a_year_and_entry_into_force_is_six_months_after_deposit():
    actions = [ActionFact(Kind.RATIFICATION, D(2004, 3, 15)), ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2025, 3, 15))]
    assert status_on(rules=CCW, actions=actions, on=D(2004, 9, 14)).status == Status.PENDING
    assert status_on(rules=CCW, actions=actions, on=D(2004, 9, 15)).status == Status.STATE_PARTY
    assert status_on(rules=CCW, actions=actions, on=D(2026, 3, 14)).status == Status.WITHDRAWING
    assert status_on(rules=CCW, actions=actions, on=D(2026, 3, 15)).status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("deposited", "expected"),
    [
        (D(2012, 12, 27), D(2013, 6, 1)),  # Poland
        (D(2003, 5, 12), D(2003, 11, 1)),  # Lithuania
        (D(2005, 7, 1), D(2006, 1, 1)),  # Latvia
        (D(1998, 1, 10), D(1999, 3, 1)),  # before the treaty itself entered into force
    ],
)
def test_entry_into_force_is_derived_from_the_deposit(deposited, expected):
    assert entry_into_force_for_state(APMBC, deposited) == expected


def test_recorded_entry_into_force_wins_over_the_derived_date():
    actions = [ActionFact(Kind.ACCESSION, D(2012, 1, 9)), ActionFact(Kind.ENTRY_INTO_FORCE, D(2012, 8, 1))]
    assert status_on(rules=APMBC, actions=actions, on=D(2012, 7, 15)).status == Status.PENDING
    assert status_on(rules=APMBC, actions=actions, on=D(2012, 8, 1)).in_force_on == D(2012, 8, 1)


def test_actions_after_the_date_are_not_known_yet():
    assert status_on(rules=APMBC, actions=POLAND, on=D(1990, 1, 1)).status == Status.NON_PARTY


def test_suspension_alone_changes_nothing_but_is_reported():
    actions = [ActionFact(Kind.RATIFICATION, D(2005, 1, 10)), ActionFact(Kind.SUSPENSION_DECLARED, D(2025, 7, 18))]
    result = status_on(rules=APMBC, actions=actions, on=D(2025, 8, 1))
    assert result.status == Status.STATE_PARTY
    assert result.suspension_declared_on == D(2025, 7, 18)
    assert result.notes


def test_timeline_lists_each_change_once():
    timeline = status_timeline(rules=APMBC, actions=POLAND, until=D(2026, 11, 26))
    assert timeline == [
        (D(1997, 12, 4), Status.SIGNATORY),
        (D(2012, 12, 27), Status.PENDING),
        (D(2013, 6, 1), Status.STATE_PARTY),
        (D(2025, 8, 20), Status.WITHDRAWING),
        (D(2026, 2, 20), Status.WITHDRAWN),
    ]


def test_timeline_stops_at_the_date_asked():
    timeline = status_timeline(rules=APMBC, actions=POLAND, until=D(2025, 9, 1))
    assert timeline[-1] == (D(2025, 8, 20), Status.WITHDRAWING)


@pytest.mark.parametrize("kind", [Kind.ACCEPTANCE, Kind.APPROVAL])
def test_acceptance_and_approval_are_consent_like_ratification(kind):
    # A made-up state: an acceptance or approval is consent to be bound, with the same six-month rule.
    actions = [ActionFact(Kind.SIGNATURE, D(1997, 12, 3)), ActionFact(kind, D(1999, 4, 12))]
    assert status_on(rules=APMBC, actions=actions, on=D(1999, 4, 11)).status == Status.SIGNATORY
    pending = status_on(rules=APMBC, actions=actions, on=D(1999, 4, 12))
    assert pending.status == Status.PENDING
    assert pending.consent_kind == kind
    assert pending.consent_on == D(1999, 4, 12)
    assert pending.in_force_on == D(1999, 10, 1)  # first day of the sixth month after deposit
    assert status_on(rules=APMBC, actions=actions, on=D(1999, 10, 1)).status == Status.STATE_PARTY


@pytest.mark.parametrize("kind", [Kind.ACCEPTANCE, Kind.APPROVAL])
def test_acceptance_and_approval_under_ccw_take_effect_six_months_later(kind):
    actions = [ActionFact(kind, D(2003, 5, 15))]
    assert status_on(rules=CCW, actions=actions, on=D(2003, 11, 14)).status == Status.PENDING
    assert status_on(rules=CCW, actions=actions, on=D(2003, 11, 15)).status == Status.STATE_PARTY


def test_withdrawal_after_acceptance_follows_the_same_rules():
    actions = [ActionFact(Kind.ACCEPTANCE, D(2004, 3, 15)), ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2025, 3, 15))]
    assert status_on(rules=APMBC, actions=actions, on=D(2025, 9, 14)).status == Status.WITHDRAWING
    assert status_on(rules=APMBC, actions=actions, on=D(2025, 9, 15)).status == Status.WITHDRAWN


def test_consent_to_be_bound_joins_a_ccw_protocol():
    # Pakistan notified its consent to be bound by Amended Protocol II on 9 March 1999 (UNODA treaties database).
    actions = [ActionFact(Kind.CONSENT_TO_BE_BOUND, D(1999, 3, 9))]
    assert status_on(rules=CCW, actions=actions, on=D(1999, 3, 8)).status == Status.NOT_RECORDED
    pending = status_on(rules=CCW, actions=actions, on=D(1999, 3, 9))
    assert (pending.status, pending.consent_kind) == (Status.PENDING, Kind.CONSENT_TO_BE_BOUND)
    assert pending.in_force_on == D(1999, 9, 9)  # six months after the notification
    assert status_on(rules=CCW, actions=actions, on=D(1999, 9, 9)).status == Status.STATE_PARTY


def test_no_recorded_action_is_not_recorded_unless_the_participation_record_is_complete():
    rules = TreatyRules(code="APMBC", entry_into_force_on=D(1999, 3, 1), adopted_on=D(1997, 9, 18))
    unknown = status_on(rules=rules, actions=[], on=D(2026, 3, 1))
    assert (unknown.status, unknown.is_bound) == (Status.NOT_RECORDED, False)
    assert "not known" in unknown.notes[0]
    complete = TreatyRules(**{**rules.__dict__, "records_complete_on": D(2025, 12, 31)})
    assert status_on(rules=complete, actions=[], on=D(2025, 12, 31)).status == Status.NON_PARTY
    assert status_on(rules=complete, actions=[], on=D(2026, 1, 1)).status == Status.NOT_RECORDED  # after the record
    assert status_on(rules=complete, actions=POLAND, on=D(2026, 1, 1)).status == Status.WITHDRAWING


# Poland as far as the public record knows it: no notice date found, the effective date stated by a source.
POLAND_EFFECT_ONLY = [
    ActionFact(Kind.SIGNATURE, D(1997, 12, 4)),
    ActionFact(Kind.RATIFICATION, D(2012, 12, 27)),
    ActionFact(Kind.WITHDRAWAL_EFFECTIVE, D(2026, 2, 20)),
]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2025, 9, 1), Status.STATE_PARTY),  # the notice is not known, so the state counts as a party
        (D(2026, 2, 19), Status.STATE_PARTY),
        (D(2026, 2, 20), Status.WITHDRAWN),  # the day a source says the withdrawal took effect
        (D(2026, 3, 1), Status.WITHDRAWN),
    ],
)
def test_stated_effective_date_ends_participation_without_a_notice(on, expected):
    assert status_on(rules=APMBC, actions=POLAND_EFFECT_ONLY, on=on).status == expected


def test_withdrawal_known_only_by_its_effect_has_no_notice_date_and_is_not_bound():
    result = status_on(rules=APMBC, actions=POLAND_EFFECT_ONLY, on=D(2026, 3, 1))
    assert result.withdrawal_notified_on is None
    assert result.withdrawal_effective_on == D(2026, 2, 20)
    assert result.is_bound is False


def test_stated_effective_date_wins_over_the_derived_one():
    # Finland: notice 10 July 2025; a source states the effect on 10 January 2026, the rule gives the same day,
    # but where a source states another day (here one day later) the stated day is the one shown.
    actions = [
        ActionFact(Kind.RATIFICATION, D(2012, 1, 9)),
        ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2025, 7, 10)),
        ActionFact(Kind.WITHDRAWAL_EFFECTIVE, D(2026, 1, 11)),
    ]
    pending = status_on(rules=APMBC, actions=actions, on=D(2026, 1, 10))
    assert (pending.status, pending.withdrawal_effective_on) == (Status.WITHDRAWING, D(2026, 1, 11))
    assert status_on(rules=APMBC, actions=actions, on=D(2026, 1, 11)).status == Status.WITHDRAWN


def test_stated_effective_date_settles_a_withdrawal_an_armed_conflict_would_defer():
    ongoing = [ConflictFact(D(2022, 2, 24), None)]
    actions = [*UKRAINE, ActionFact(Kind.WITHDRAWAL_EFFECTIVE, D(2026, 6, 1))]
    result = status_on(rules=APMBC, actions=actions, conflicts=ongoing, on=D(2026, 6, 1))
    assert result.status == Status.WITHDRAWN
    assert result.withdrawal_deferred_by_armed_conflict is False


def test_effective_date_before_consent_belongs_to_an_earlier_participation():
    actions = [ActionFact(Kind.WITHDRAWAL_EFFECTIVE, D(2001, 1, 1)), ActionFact(Kind.ACCESSION, D(2010, 1, 4))]
    assert status_on(rules=APMBC, actions=actions, on=D(2011, 1, 1)).status == Status.STATE_PARTY


def test_timeline_of_a_withdrawal_known_by_its_effect():
    timeline = status_timeline(rules=APMBC, actions=POLAND_EFFECT_ONLY, until=D(2026, 3, 1))
    assert timeline[-2:] == [(D(2013, 6, 1), Status.STATE_PARTY), (D(2026, 2, 20), Status.WITHDRAWN)]


def test_a_conflict_that_begins_after_the_date_asked_about_defers_nothing_yet():
    """Notice on 1 Jul 2025 (effective 1 Jan 2026), a conflict from 1 Dec 2025: on 1 Sep 2025 only the notice had
    happened, so the withdrawal is dated; from 1 Dec it is held back."""
    actions = [ActionFact(Kind.RATIFICATION, D(2000, 1, 10)), ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2025, 7, 1))]
    conflicts = [ConflictFact(D(2025, 12, 1), None)]
    before = status_on(rules=APMBC, actions=actions, conflicts=conflicts, on=D(2025, 9, 1))
    assert (before.withdrawal_effective_on, before.withdrawal_deferred_by_armed_conflict) == (D(2026, 1, 1), False)
    after = status_on(rules=APMBC, actions=actions, conflicts=conflicts, on=D(2025, 12, 1))
    assert (after.withdrawal_effective_on, after.withdrawal_deferred_by_armed_conflict) == (None, True)


def test_a_conflict_that_ends_after_the_date_asked_about_was_still_going_on():
    actions = [ActionFact(Kind.RATIFICATION, D(2000, 1, 10)), ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2025, 7, 1))]
    conflicts = [ConflictFact(D(2025, 12, 1), D(2026, 3, 31))]
    during = status_on(rules=APMBC, actions=actions, conflicts=conflicts, on=D(2026, 2, 1))
    assert (during.status, during.withdrawal_effective_on) == (Status.WITHDRAWING, None)
    assert status_on(rules=APMBC, actions=actions, conflicts=conflicts, on=D(2026, 4, 1)).status == Status.WITHDRAWN

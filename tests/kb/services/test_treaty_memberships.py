"""A state's memberships of a treaty: a succession in force before its deposit, and a state that withdrew and
joined again, each membership read on its own."""

import datetime as dt

from kb.choices import TreatyActionKindChoices as Kind
from kb.choices import TreatyStatusChoices as Status
from kb.services.treaty_status import ActionFact, status_on, status_timeline
from tests.kb.services.test_treaty_status import APMBC

D = dt.date


def test_a_succession_is_in_force_from_the_stated_day_before_its_deposit():
    """South Sudan: independence 9 Jul 2011, notification of succession deposited 11 Nov 2011, the Convention in
    force for it from 9 Jul 2011 (the ISU, after the UN Office of Legal Affairs)."""
    actions = [ActionFact(Kind.SUCCESSION, D(2011, 11, 11)), ActionFact(Kind.ENTRY_INTO_FORCE, D(2011, 7, 9))]
    assert status_on(rules=APMBC, actions=actions, on=D(2011, 10, 1)).status != Status.STATE_PARTY
    result = status_on(rules=APMBC, actions=actions, on=D(2012, 1, 1))
    assert (result.status, result.in_force_on, result.is_bound) == (Status.STATE_PARTY, D(2011, 7, 9), True)
    # Another consent does not reach back to an earlier stated date.
    accession = [ActionFact(Kind.ACCESSION, D(2011, 11, 11)), ActionFact(Kind.ENTRY_INTO_FORCE, D(2011, 7, 9))]
    assert status_on(rules=APMBC, actions=accession, on=D(2012, 1, 1)).in_force_on == D(2012, 5, 1)


def test_a_state_that_withdrew_and_joined_again_is_a_party_again():
    actions = [
        ActionFact(Kind.SIGNATURE, D(1997, 12, 3)),
        ActionFact(Kind.RATIFICATION, D(2000, 1, 10)),
        ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2005, 1, 10)),
        ActionFact(Kind.ACCESSION, D(2010, 3, 15)),
    ]
    assert status_on(rules=APMBC, actions=actions, on=D(2008, 1, 1)).status == Status.WITHDRAWN
    pending = status_on(rules=APMBC, actions=actions, on=D(2010, 4, 1))
    assert (pending.status, pending.consent_kind, pending.in_force_on) == (
        Status.PENDING,
        Kind.ACCESSION,
        D(2010, 9, 1),
    )
    again = status_on(rules=APMBC, actions=actions, on=D(2012, 1, 1))
    assert (again.status, again.signed_on, again.withdrawal_notified_on) == (Status.STATE_PARTY, D(1997, 12, 3), None)
    assert status_timeline(rules=APMBC, actions=actions, until=D(2012, 1, 1)) == [
        (D(1997, 12, 3), Status.SIGNATORY),
        (D(2000, 1, 10), Status.PENDING),
        (D(2000, 7, 1), Status.STATE_PARTY),
        (D(2005, 1, 10), Status.WITHDRAWING),
        (D(2005, 7, 10), Status.WITHDRAWN),
        (D(2010, 3, 15), Status.PENDING),
        (D(2010, 9, 1), Status.STATE_PARTY),
    ]


def test_joining_again_on_the_day_the_withdrawal_takes_effect_is_a_new_membership():
    """A stated effect and a new accession on one day ended in endless recursion (a 500 on the home page)."""
    actions = [
        ActionFact(Kind.RATIFICATION, D(2000, 1, 10)),
        ActionFact(Kind.WITHDRAWAL_EFFECTIVE, D(2005, 7, 10)),
        ActionFact(Kind.ACCESSION, D(2005, 7, 10)),
    ]
    again = status_on(rules=APMBC, actions=actions, on=D(2006, 1, 1))
    assert (again.status, again.consent_on, again.in_force_on) == (Status.STATE_PARTY, D(2005, 7, 10), D(2006, 1, 1))
    typo = [ActionFact(Kind.RATIFICATION, D(2000, 1, 10)), ActionFact(Kind.WITHDRAWAL_EFFECTIVE, D(2000, 1, 10))]
    assert status_on(rules=APMBC, actions=typo, on=D(2001, 1, 1)).status == Status.WITHDRAWN


def test_each_membership_reads_its_own_entry_into_force_and_withdrawal():
    """A recorded entry into force, and a stated withdrawal date, of the second membership were read for the first:
    the state was pending through its whole first membership, and withdrawing for years after it had left."""
    actions = [
        ActionFact(Kind.RATIFICATION, D(2000, 1, 10)),
        ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2005, 1, 10)),
        ActionFact(Kind.ACCESSION, D(2010, 3, 15)),
        ActionFact(Kind.ENTRY_INTO_FORCE, D(2010, 9, 1)),
        ActionFact(Kind.WITHDRAWAL_NOTIFIED, D(2015, 1, 10)),
        ActionFact(Kind.WITHDRAWAL_EFFECTIVE, D(2015, 7, 10)),
    ]
    first = status_on(rules=APMBC, actions=actions, on=D(2003, 1, 1))
    assert (first.status, first.in_force_on, first.is_bound) == (Status.STATE_PARTY, D(2000, 7, 1), True)
    left = status_on(rules=APMBC, actions=actions, on=D(2006, 1, 1))
    assert (left.status, left.withdrawal_effective_on) == (Status.WITHDRAWN, D(2005, 7, 10))
    second = status_on(rules=APMBC, actions=actions, on=D(2012, 1, 1))
    assert (second.status, second.consent_on, second.in_force_on) == (Status.STATE_PARTY, D(2010, 3, 15), D(2010, 9, 1))
    leaving = status_on(rules=APMBC, actions=actions, on=D(2015, 3, 1))
    assert (leaving.status, leaving.consent_on, leaving.withdrawal_effective_on) == (
        Status.WITHDRAWING,
        D(2010, 3, 15),
        D(2015, 7, 10),
    )
    assert status_timeline(rules=APMBC, actions=actions, until=D(2016, 1, 1))[1::2] == [
        (D(2000, 7, 1), Status.STATE_PARTY),
        (D(2005, 7, 10), Status.WITHDRAWN),
        (D(2010, 9, 1), Status.STATE_PARTY),
        (D(2015, 7, 10), Status.WITHDRAWN),
    ]


def test_a_succession_timeline_starts_at_its_deposit_not_at_the_earlier_entry_into_force():
    actions = [ActionFact(Kind.SUCCESSION, D(2011, 11, 11)), ActionFact(Kind.ENTRY_INTO_FORCE, D(2011, 7, 9))]
    assert status_timeline(rules=APMBC, actions=actions, until=D(2012, 1, 1)) == [(D(2011, 11, 11), Status.STATE_PARTY)]

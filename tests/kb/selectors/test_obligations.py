"""Standing on a treaty deadline: the current deadline (the latest granted extension, else the treaty's), on time,
past deadline (a source published after it says so), deadline passed with nothing recorded since, or completed,
with dated cases (a pure function over unsaved rows), and the selectors over the published rows."""

import datetime as dt

import pytest
from django.utils import timezone

from kb.choices import ObligationStateChoices as State
from kb.models import Area, Citation, Source, TreatyObligation
from kb.selectors.obligations import area_obligations_get, obligation_standing, passed_deadlines
from kb.services.history import event_model_for, published_as_of
from tests.factories import AreaFactory, SourceFactory, TreatyActionFactory, TreatyObligationFactory

D = dt.date
AREA = Area(code="XOB", name="Obliged land")
# The newest source behind these rows was published long after every deadline in them.
LATER = Source(published_on=D(2020, 6, 1))


def row(source=LATER, **fields):
    return TreatyObligation(source=source, **fields)


DEADLINE = row(kind="deadline", deadline=D(2009, 3, 1))
FIRST = row(kind="extension_granted", deadline=D(2014, 3, 1), submitted_on=D(2008, 5, 6), granted_on=D(2008, 11, 28))
SECOND = row(kind="extension_granted", deadline=D(2014, 12, 31), granted_on=D(2014, 6, 1))
REQUEST = row(kind="extension_request", deadline=D(2016, 12, 31), submitted_on=D(2014, 3, 31))
DONE = row(kind="completion", completed_on=D(2015, 9, 17))


def standing(rows, on):
    return obligation_standing(area=AREA, treaty="APMBC", article="5", rows=rows, on=on)


@pytest.mark.parametrize(
    ("on", "state", "deadline", "granted"),
    [
        (D(2008, 1, 1), State.ON_TIME, D(2009, 3, 1), 0),
        (D(2008, 11, 27), State.ON_TIME, D(2009, 3, 1), 0),  # the day before the grant
        (D(2008, 11, 28), State.ON_TIME, D(2014, 3, 1), 1),  # granted that day
        (D(2014, 3, 1), State.ON_TIME, D(2014, 3, 1), 1),  # the deadline day itself is on time
        (D(2014, 3, 2), State.PAST_DEADLINE, D(2014, 3, 1), 1),
        (D(2014, 6, 1), State.ON_TIME, D(2014, 12, 31), 2),  # a later grant puts it back on time
        (D(2015, 1, 1), State.PAST_DEADLINE, D(2014, 12, 31), 2),
        (D(2015, 9, 17), State.COMPLETED, D(2014, 12, 31), 2),
    ],
)
def test_standing_on_a_date(on, state, deadline, granted):
    result = standing([DONE, SECOND, DEADLINE, FIRST], on)
    assert (result.state, result.deadline, result.extensions_granted) == (state, deadline, granted)
    assert result.original_deadline == D(2009, 3, 1)


def test_completion_after_the_deadline_is_completed_and_marked_late():
    result = standing([DEADLINE, FIRST, SECOND, DONE], D(2020, 1, 1))
    assert (result.state, result.completed_on, result.completed_after_deadline) == (
        State.COMPLETED,
        D(2015, 9, 17),
        True,
    )


def test_a_pending_request_is_reported_but_does_not_move_the_deadline():
    result = standing([DEADLINE, SECOND, REQUEST], D(2015, 6, 1))
    assert (result.state, result.deadline, result.extension_requested) == (
        State.PAST_DEADLINE,
        D(2014, 12, 31),
        REQUEST,
    )
    assert standing([DEADLINE, SECOND, REQUEST], D(2014, 3, 30)).extension_requested is None  # not yet submitted


def test_a_request_granted_later_is_no_longer_pending():
    granted = row(kind="extension_granted", deadline=D(2016, 12, 31), granted_on=D(2014, 12, 1))
    result = standing([DEADLINE, SECOND, REQUEST, granted], D(2015, 6, 1))
    assert (result.state, result.deadline, result.extension_requested) == (State.ON_TIME, D(2016, 12, 31), None)


def test_a_grant_or_completion_without_a_day_counts():
    undated = row(kind="extension_granted", deadline=D(2021, 1, 1))
    assert standing([DEADLINE, undated], D(2019, 1, 1)).deadline == D(2021, 1, 1)
    done = standing([DEADLINE, row(kind="completion", source=Source(published_on=None))], D(2019, 1, 1))
    assert (done.state, done.completed_on) == (State.COMPLETED, None)


def test_a_grant_without_a_day_counts_from_its_submission_not_before():
    """Mozambique: a second extension, granted at a meeting whose day is not stated, requested on 25 May 2013."""
    undated = row(kind="extension_granted", deadline=D(2014, 12, 31), submitted_on=D(2013, 5, 25))
    before = standing([DEADLINE, FIRST, undated], D(2012, 6, 1))
    assert (before.deadline, before.extensions_granted) == (D(2014, 3, 1), 1)
    after = standing([DEADLINE, FIRST, undated], D(2013, 5, 25))
    assert (after.deadline, after.extensions_granted) == (D(2014, 12, 31), 2)


def test_a_completion_without_a_day_counts_from_the_first_report_of_it():
    done = row(kind="completion", source=Source(published_on=D(2017, 6, 1)))
    assert standing([DEADLINE, FIRST, done], D(2012, 6, 1)).state == State.ON_TIME
    assert standing([DEADLINE, FIRST, done], D(2017, 6, 1)).state == State.COMPLETED


def test_a_grant_after_a_completion_reopens_the_obligation():
    """New contamination found after completion: the States Parties grant a new deadline, which then counts."""
    done = row(kind="completion", completed_on=D(2011, 3, 1))
    reopened = row(kind="extension_granted", deadline=D(2015, 12, 31), submitted_on=D(2012, 3, 1))
    assert standing([DEADLINE, done, reopened], D(2011, 6, 1)).state == State.COMPLETED
    result = standing([DEADLINE, done, reopened], D(2016, 6, 1))
    assert (result.state, result.deadline) == (State.PAST_DEADLINE, D(2015, 12, 31))


def test_a_request_is_settled_by_a_later_grant_of_less_than_it_asked():
    asked = row(kind="extension_request", deadline=D(2030, 3, 1), submitted_on=D(2013, 3, 31))
    shorter = row(
        kind="extension_granted", deadline=D(2028, 3, 1), submitted_on=D(2013, 3, 31), granted_on=D(2013, 12, 5)
    )
    result = standing([DEADLINE, asked, shorter], D(2014, 1, 1))
    assert (result.state, result.deadline, result.extension_requested) == (State.ON_TIME, D(2028, 3, 1), None)
    assert standing([DEADLINE, asked], D(2014, 1, 1)).extension_requested is asked


@pytest.mark.parametrize(
    ("published_on", "state"),
    [
        (D(2014, 12, 31), State.NO_RECORD_SINCE_DEADLINE),  # published on the deadline day: too early to tell
        (D(2015, 1, 1), State.PAST_DEADLINE),  # the day after: the source shows it missed
        (None, State.NO_RECORD_SINCE_DEADLINE),  # no publication day: nothing shows it missed
    ],
)
def test_a_passed_deadline_is_called_missed_only_by_a_source_published_after_it(published_on, state):
    source = Source(published_on=published_on)
    rows = [
        row(source, kind="deadline", deadline=D(2009, 3, 1)),
        row(source, kind="extension_granted", deadline=D(2014, 12, 31), granted_on=D(2014, 6, 1)),
    ]
    result = standing(rows, D(2016, 1, 1))
    assert (result.state, result.deadline, result.newest_source_on) == (state, D(2014, 12, 31), published_on)


def test_one_later_source_among_older_ones_is_enough():
    older = row(Source(published_on=D(2008, 12, 1)), kind="deadline", deadline=D(2009, 3, 1))
    assert standing([older], D(2010, 1, 1)).state == State.NO_RECORD_SINCE_DEADLINE
    report = row(Source(published_on=D(2009, 6, 1)), kind="extension_request", deadline=D(2019, 3, 1))
    result = standing([older, report], D(2010, 1, 1))
    assert (result.state, result.extension_requested) == (State.PAST_DEADLINE, report)


def test_no_deadline_recorded_is_unknown_not_on_time():
    assert standing([], D(2020, 1, 1)).state == State.UNKNOWN
    assert standing([REQUEST], D(2020, 1, 1)).state == State.UNKNOWN


def published(model):
    return model._default_manager.published()


@pytest.mark.django_db
def test_passed_deadlines_and_profile_use_published_rows_only():
    areas = (("XAN", "Ancient"), ("XLA", "Late"), ("XDO", "Done"), ("XHI", "Hid"))
    ancient, late, done, hidden = (AreaFactory(code=c, name=n) for c, n in areas)
    TreatyObligationFactory(area=ancient, deadline=D(2009, 3, 1))  # its source gives no publication day
    TreatyObligationFactory(area=late, deadline=D(2009, 3, 1), source__published_on=D(2010, 11, 1))
    TreatyObligationFactory(area=done, deadline=D(2009, 3, 1))
    TreatyObligationFactory(area=done, kind="completion", deadline=None, completed_on=D(2008, 1, 1))
    TreatyObligationFactory(area=hidden, deadline=D(2009, 3, 1), status="draft")
    TreatyObligationFactory(area=late, article="7", kind="report", deadline=None, year_covered=2019)
    missed, unrecorded = passed_deadlines(visible=published, on=D(2020, 1, 1))
    assert [(s.area.code, s.article, s.state) for s in missed] == [("XLA", "5", State.PAST_DEADLINE)]
    assert [(s.area.code, s.article, s.state) for s in unrecorded] == [("XAN", "5", State.NO_RECORD_SINCE_DEADLINE)]
    standings, reports = area_obligations_get(area=late, visible=published, on=D(2020, 1, 1))
    assert [(s.article, s.state) for s in standings] == [("5", State.PAST_DEADLINE)]
    assert [r.year_covered for r in reports] == [2019]


@pytest.mark.django_db
def test_a_later_report_cited_by_an_old_row_shows_the_deadline_missed():
    """A source published after the deadline that confirms it is recorded as a further citation of the row."""
    land = AreaFactory(code="XCI", name="Cited land")
    row = TreatyObligationFactory(area=land, deadline=D(2009, 3, 1), source__published_on=D(2005, 1, 1))
    [standing] = passed_deadlines(visible=published, on=D(2020, 1, 1))[1]
    assert (standing.area.code, standing.newest_source_on) == ("XCI", D(2005, 1, 1))
    row.citations.create(source=SourceFactory(published_on=D(2011, 6, 30)), locator="Table 2")
    [standing], unrecorded = passed_deadlines(visible=published, on=D(2020, 1, 1))
    assert (standing.state, standing.newest_source_on, unrecorded) == (State.PAST_DEADLINE, D(2011, 6, 30), [])
    # As of now, from the history, the further citation counts as it does in the live answer.
    [standing], unrecorded = passed_deadlines(visible=published_as_of(timezone.now()), on=D(2020, 1, 1))
    assert (standing.state, standing.newest_source_on, unrecorded) == (State.PAST_DEADLINE, D(2011, 6, 30), [])
    # As of a moment before the citation was added, it does not.
    before = timezone.now() - dt.timedelta(days=1)
    citation = row.citations.get()
    moved = {Citation: before + dt.timedelta(hours=1), TreatyObligation: before - dt.timedelta(hours=1)}
    for model, pk in ((Citation, citation.pk), (TreatyObligation, row.pk)):
        event_model_for(model).objects.filter(pgh_obj_id=pk).update(pgh_created_at=moved[model])
    [standing] = passed_deadlines(visible=published_as_of(before), on=D(2020, 1, 1))[1]
    assert standing.newest_source_on == D(2005, 1, 1)


@pytest.mark.django_db
def test_a_state_that_withdrew_is_not_held_to_the_treatys_deadlines():
    """Its withdrawal took effect: its missed deadline is not listed, and a completion before it stays one."""
    gone, stayed = AreaFactory(code="XWD", name="Withdrew"), AreaFactory(code="XST", name="Stayed")
    for area in (gone, stayed):
        TreatyActionFactory(area=area, kind="ratification", date=D(2000, 1, 1))
        TreatyObligationFactory(area=area, deadline=D(2009, 3, 1), source__published_on=D(2010, 11, 1))
    TreatyActionFactory(area=gone, kind="withdrawal_notified", date=D(2015, 1, 5))
    missed, _ = passed_deadlines(visible=published, on=D(2020, 1, 1))
    assert [s.area.code for s in missed] == ["XST"]
    [standing], _ = area_obligations_get(area=gone, visible=published, on=D(2020, 1, 1))
    assert standing.state == State.NOT_BOUND
    [before], _ = area_obligations_get(area=gone, visible=published, on=D(2012, 1, 1))
    assert before.state == State.PAST_DEADLINE  # still a party then


@pytest.mark.django_db
def test_a_state_is_not_held_to_deadlines_before_it_joined():
    """Its only recorded action is a later accession: before it, the state was no party and not "on time"; a state
    with nothing recorded at all is not judged so."""
    late, unknown = AreaFactory(code="XLJ", name="Late joiner"), AreaFactory(code="XNR", name="Unrecorded")
    TreatyActionFactory(area=late, kind="accession", date=D(2014, 8, 20))
    for area in (late, unknown):
        TreatyObligationFactory(area=area, deadline=D(2025, 2, 1), source__published_on=D(2015, 1, 1))
    [before], _ = area_obligations_get(area=late, visible=published, on=D(2010, 1, 1))
    assert before.state == State.NOT_BOUND
    [bound], _ = area_obligations_get(area=late, visible=published, on=D(2016, 1, 1))
    assert bound.state == State.ON_TIME
    [unjudged], _ = area_obligations_get(area=unknown, visible=published, on=D(2010, 1, 1))
    assert unjudged.state == State.ON_TIME

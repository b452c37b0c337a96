"""rows_as_of (kb/services/history.py) picks each row's newest event up to a moment: held to the plain definition (the
newest event by time, then id, of each row; none where that is a deletion) over a random history with ties, deletions
and rows made after the moment."""

import datetime as dt
import random

import pytest
from django.db import connection

from kb.models import Organisation
from kb.services.history import event_model_for, rows_as_of
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def defined_as_of(at: dt.datetime) -> set[int]:
    """The definition, over every event at once."""
    newest = {}
    for event in event_model_for(Organisation).objects.filter(pgh_created_at__lte=at):
        key = (event.pgh_created_at, event.pgh_id)
        if event.pgh_obj_id not in newest or key > newest[event.pgh_obj_id][0]:
            newest[event.pgh_obj_id] = (key, event)
    return {event.pgh_id for _key, event in newest.values() if event.pgh_label != "delete"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_rows_newest_event_up_to_a_moment(seed):
    rng = random.Random(seed)
    organisations = [OrganisationFactory(name=f"Organisation {seed}-{n}") for n in range(12)]
    for _ in range(30):
        organisation = rng.choice(organisations)
        organisation.description = f"change {rng.random()}"
        organisation.save()
    for organisation in rng.sample(organisations, 3):
        organisation.delete()
    events = event_model_for(Organisation).objects
    # Times from a few days only: many events share one, as one transaction's events do.
    with connection.cursor() as cursor:
        for pgh_id in events.values_list("pgh_id", flat=True):
            moment = START + dt.timedelta(days=rng.randint(0, 5))
            cursor.execute(
                f"UPDATE {events.model._meta.db_table} SET pgh_created_at = %s WHERE pgh_id = %s", [moment, pgh_id]
            )
    for day in range(-1, 7):
        at = START + dt.timedelta(days=day, hours=12)
        assert set(rows_as_of(Organisation, at).values_list("pgh_id", flat=True)) == defined_as_of(at)

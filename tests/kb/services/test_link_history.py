"""The links between a land-release activity and the hazard areas it released land from are in the history: each
one added or removed shows, with who and through which channel, in both records' histories and the admin's."""

import pghistory
import pytest
from django.urls import reverse

from kb.services.history import record_history_list
from tests.factories.hazards import HazardAreaFactory, LandReleaseActivityFactory

pytestmark = pytest.mark.django_db


def link_entries(record):
    return [(e.label, e.channel, e.changes) for e in record_history_list(record) if e.label.startswith("link.")]


def test_links_added_and_removed_are_in_both_histories():
    activity = LandReleaseActivityFactory(reference="TASK-1")
    hazard, other = HazardAreaFactory(reference="HAZ-1"), HazardAreaFactory(reference="HAZ-2")
    with pghistory.context(channel="api"):
        activity.hazard_areas.add(hazard)  # one at a time: add() of several inserts them in no set order
        activity.hazard_areas.add(other)
    with pghistory.context(channel="import"):
        activity.hazard_areas.remove(other)
    assert link_entries(activity) == [
        ("link.add", "api", {"hazard_areas": [None, "HAZ-1"]}),
        ("link.add", "api", {"hazard_areas": [None, "HAZ-2"]}),
        ("link.remove", "import", {"hazard_areas": ["HAZ-2", None]}),
    ]
    assert link_entries(other) == [
        ("link.add", "api", {"release_activities": [None, "TASK-1"]}),
        ("link.remove", "import", {"release_activities": ["TASK-1", None]}),
    ]
    labels = [entry.label for entry in record_history_list(activity)]
    assert labels[0] == "insert"  # the record's own creation comes first, its links after


def test_a_link_changed_in_the_admin_shows_in_the_activitys_history_page(admin_client):
    activity = LandReleaseActivityFactory(reference="TASK-2")
    hazard = HazardAreaFactory(reference="HAZ-3", area=activity.area)
    with pghistory.context(channel="admin"):
        activity.hazard_areas.add(hazard)
    page = admin_client.get(reverse("admin:kb_landreleaseactivity_history", args=[activity.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "link added" in html and "<code>hazard_areas</code>: ∅ → HAZ-3" in html

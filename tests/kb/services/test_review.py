"""The review workflow: who may move a record where, and what the public then sees."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kb.choices import ReviewStatusChoices as Status
from kb.services.review import record_publish, record_retract, record_return, record_submit
from tests.factories import AreaFactory, CasualtyRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return CasualtyRecordFactory(area=AreaFactory(code="XRV", kind="country", name="Reviewland"), status=Status.DRAFT)


def public_totals(api_client) -> list:
    return [r["total"] for r in api_client.get("/api/v1/casualties/", {"area": "XRV"}).json()["results"]]


def test_editor_submits_reviewer_publishes_public_sees_it(draft, editor, reviewer, api_client):
    record_submit(record=draft, by=editor)
    assert (draft.status, draft.submitted_by) == (Status.IN_REVIEW, editor)
    assert public_totals(api_client) == []
    record_publish(record=draft, by=reviewer, seen_version=draft.version)
    assert (draft.status, draft.reviewed_by) == (Status.PUBLISHED, reviewer)
    assert draft.status_changed_at is not None
    assert public_totals(api_client) == [10]


def test_editor_cannot_publish(draft, editor):
    record_submit(record=draft, by=editor)
    with pytest.raises(PermissionDenied, match="Only reviewers may publish"):
        record_publish(record=draft, by=editor, seen_version=draft.version)


def test_viewer_cannot_submit(draft, viewer):
    with pytest.raises(PermissionDenied):
        record_submit(record=draft, by=viewer)


def test_reviewer_cannot_publish_own_submission_unless_allowed(draft, reviewer, second_reviewer, settings):
    record_submit(record=draft, by=reviewer)
    with pytest.raises(PermissionDenied, match="another reviewer must publish it"):
        record_publish(record=draft, by=reviewer, seen_version=draft.version)
    settings.KB_ALLOW_SELF_REVIEW = True
    record_publish(record=draft, by=reviewer, seen_version=draft.version)
    assert draft.status == Status.PUBLISHED


def test_only_records_in_review_can_be_published(draft, reviewer):
    with pytest.raises(ValidationError, match="only a record that is in review can be published"):
        record_publish(record=draft, by=reviewer, seen_version=draft.version)


def test_return_to_draft_keeps_the_reason_in_history(draft, editor, reviewer):
    from kb.services.history import record_history_list

    record_submit(record=draft, by=editor)
    record_return(record=draft, by=reviewer, reason="Check the source's table 3")
    assert draft.status == Status.DRAFT
    assert record_history_list(draft)[-1].reason == "Check the source's table 3"


def test_retract_needs_a_reason_and_keeps_the_record_for_staff(draft, editor, reviewer, api_client, staff_client):
    record_submit(record=draft, by=editor)
    record_publish(record=draft, by=reviewer, seen_version=draft.version)
    with pytest.raises(ValidationError):
        record_retract(record=draft, by=reviewer, reason="  ")
    record_retract(record=draft, by=reviewer, reason="Superseded by the revised edition")
    draft.refresh_from_db()
    assert (draft.status, draft.retraction_reason) == (Status.RETRACTED, "Superseded by the revised edition")
    assert public_totals(api_client) == []
    staff_view = staff_client.get("/api/v1/casualties/", {"area": "XRV"}).json()["results"]
    assert [r["status"] for r in staff_view] == ["retracted"]


def test_each_transition_raises_the_version(draft, editor):
    before = draft.version
    record_submit(record=draft, by=editor)
    assert draft.version == before + 1

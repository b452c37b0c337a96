"""The review workflow: who may move a record where, and what the public then sees."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kb.choices import ReviewStatusChoices as Status
from kb.services.figures import figure_make_preferred
from kb.services.review import (
    record_authors_since_publication,
    record_publish,
    record_retract,
    record_return,
    record_submit,
)
from kb.services.writes.context import write_context
from kb.services.writes.records import record_update
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


# Records that belong to another (a programme's milestones and financing) ----------------------------------------


@pytest.fixture
def programme_in_review(editor):
    from tests.factories.programmes import ProgrammeFactory

    programme = ProgrammeFactory(status=Status.DRAFT, name="Border wall")
    record_submit(record=programme, by=editor)
    return programme


def test_a_milestone_is_not_published_before_its_programme(programme_in_review, editor, reviewer, api_client):
    from tests.factories.programmes import ProgrammeMilestoneFactory

    milestone = ProgrammeMilestoneFactory(programme=programme_in_review, status=Status.DRAFT)
    record_submit(record=milestone, by=editor)
    with pytest.raises(ValidationError, match="Publish programme 'Border wall' first"):
        record_publish(record=milestone, by=reviewer, seen_version=milestone.version)
    listed = f"/api/v1/programme-milestones/?programme={programme_in_review.slug}"
    assert api_client.get(listed).json()["count"] == 0
    record_publish(record=programme_in_review, by=reviewer, seen_version=programme_in_review.version)
    record_publish(record=milestone, by=reviewer, seen_version=milestone.version)
    assert [m["programme"]["name"] for m in api_client.get(listed).json()["results"]] == ["Border wall"]


def test_retracting_a_programme_retracts_its_published_milestones_and_financing(
    programme_in_review, reviewer, api_client
):
    from kb.services.history import record_history_list
    from tests.factories.programmes import ProgrammeFinancingFactory, ProgrammeMilestoneFactory

    record_publish(record=programme_in_review, by=reviewer, seen_version=programme_in_review.version)
    milestone = ProgrammeMilestoneFactory(programme=programme_in_review)
    financing = ProgrammeFinancingFactory(programme=programme_in_review, area=programme_in_review.area)
    draft_milestone = ProgrammeMilestoneFactory(programme=programme_in_review, status=Status.DRAFT, kind="completion")
    record_retract(record=programme_in_review, by=reviewer, reason="The source was misread")
    for record in (milestone, financing, draft_milestone):
        record.refresh_from_db()
    assert [milestone.status, financing.status, draft_milestone.status] == [
        Status.RETRACTED,
        Status.RETRACTED,
        Status.DRAFT,
    ]
    assert milestone.retraction_reason == "Retracted with its programme 'Border wall': The source was misread"
    assert record_history_list(financing)[-1].reason == financing.retraction_reason
    for route in ("programme-milestones", "programme-financing"):
        assert api_client.get(f"/api/v1/{route}/?programme={programme_in_review.slug}").json()["count"] == 0


def test_a_published_milestone_cannot_be_moved_to_an_unpublished_programme(programme_in_review):
    from tests.factories.programmes import ProgrammeMilestoneFactory

    milestone = ProgrammeMilestoneFactory()
    milestone.programme = programme_in_review
    with pytest.raises(ValidationError) as raised:
        milestone.full_clean()
    assert "Publish programme 'Border wall' first (in review now)" in raised.value.message_dict["programme"][0]


def test_retracting_the_preferred_figure_hands_its_cell_to_the_newest_published_edition(reviewer, api_client):
    import datetime as dt

    from kb.models import CasualtyRecord
    from tests.factories import SourceFactory

    area = AreaFactory(code="XRP", kind="country", name="Retractland")
    older, newer = (SourceFactory(published_on=dt.date(year, 6, 1)) for year in (2022, 2024))
    preferred = CasualtyRecordFactory(area=area, status=Status.PUBLISHED, total=10, source=older)
    CasualtyRecordFactory(area=area, status=Status.PUBLISHED, total=12, source=newer, is_preferred=False)
    undated = SourceFactory(published_on=None)  # comes after every dated edition
    CasualtyRecordFactory(area=area, status=Status.PUBLISHED, total=11, source=undated, is_preferred=False)
    CasualtyRecordFactory(area=area, status=Status.DRAFT, total=99, is_preferred=False)
    assert [r["total"] for r in api_client.get("/api/v1/casualties/", {"area": "XRP"}).json()["results"]] == [10]

    record_retract(record=preferred, by=reviewer, reason="Misread table")

    assert [r["total"] for r in api_client.get("/api/v1/casualties/", {"area": "XRP"}).json()["results"]] == [12]
    successor = CasualtyRecord.objects.get(area=area, total=12)
    assert successor.preference_reason.startswith("The newest published edition")
    assert CasualtyRecord.objects.filter(area=area, is_preferred=True).count() == 1


@pytest.mark.parametrize("how", ["page", "action"])
def test_deleting_the_preferred_figure_in_the_admin_hands_its_cell_on(client, reviewer, api_client, how):
    import datetime as dt

    from django.urls import reverse

    from kb.models import CasualtyRecord
    from tests.factories import SourceFactory

    area = AreaFactory(code="XDP", kind="country", name="Deleteland")
    older, newer, newest = (SourceFactory(published_on=dt.date(year, 6, 1)) for year in (2022, 2023, 2024))
    preferred = CasualtyRecordFactory(area=area, status=Status.PUBLISHED, total=10, source=older)
    CasualtyRecordFactory(area=area, status=Status.PUBLISHED, total=12, source=newer, is_preferred=False)
    doomed = CasualtyRecordFactory(area=area, status=Status.PUBLISHED, total=13, source=newest, is_preferred=False)
    client.force_login(reviewer)
    if how == "page":
        doomed.delete()  # deleted before: the preference cannot pass to it
        client.post(reverse("admin:kb_casualtyrecord_delete", args=[preferred.pk]), {"post": "yes"})
    else:  # deleted together: the preference cannot pass to a figure deleted with it
        selected = [preferred.pk, doomed.pk]
        changelist = reverse("admin:kb_casualtyrecord_changelist")
        client.post(changelist, {"action": "delete_selected", "_selected_action": selected, "post": "yes"})
    assert not CasualtyRecord.objects.filter(pk=preferred.pk).exists()
    assert [r["total"] for r in api_client.get("/api/v1/casualties/", {"area": "XDP"}).json()["results"]] == [12]


def test_a_figure_corrected_into_another_cell_leaves_the_old_one_covered(reviewer, make_token):
    """Correcting a published preferred figure's period left its old cell without a preferred figure (gone from the
    default answers), and a partner's first-in-cell draft moved onto a published preferred one was refused."""
    import datetime as dt

    from rest_framework.test import APIClient

    from kb.models import CasualtyRecord

    area = AreaFactory(code="XMV", kind="country", name="Moveland")
    moved = CasualtyRecordFactory(area=area, status=Status.PUBLISHED, total=10, period_start=dt.date(2015, 1, 1))
    CasualtyRecordFactory(
        area=area, status=Status.PUBLISHED, total=12, period_start=dt.date(2015, 1, 1), is_preferred=False
    )
    staff = APIClient()
    staff.force_authenticate(reviewer)
    url = f"/api/v1/casualties/{moved.pk}/"
    response = staff.patch(url, {"period": "2014"}, format="json", headers={"If-Match": staff.get(url)["ETag"]})
    assert response.status_code == 200 and response.json()["is_preferred"] is True  # first of 2014
    public = APIClient().get("/api/v1/casualties/", {"area": "XMV"}).json()["results"]
    assert sorted((row["period"], row["total"]) for row in public) == [("2014", 10), ("2015", 12)]

    _, partner = make_token()
    draft = partner.post(
        "/api/v1/casualties/",
        {"country_code": "XMV", "period": "2016", "total": 3, "source": "lm2023-impact"},
        format="json",
    )
    assert draft.json()["is_preferred"] is True  # first of 2016
    onto = partner.patch(
        f"/api/v1/casualties/{draft.json()['id']}/",
        {"period": "2015"},
        format="json",
        headers={"If-Match": draft["ETag"]},
    )
    assert onto.status_code == 200, onto.json()
    assert onto.json()["is_preferred"] is False
    assert CasualtyRecord.objects.filter(area=area, year=2015, is_preferred=True).get().total == 12


def test_a_reviewer_does_not_publish_what_they_wrote_whoever_submitted_it(
    draft, editor, reviewer, second_reviewer, settings
):
    record_update(record=draft, changes={"total": 12}, by=reviewer, expected_version=None, channel="admin")
    draft.refresh_from_db()
    record_submit(record=draft, by=editor)
    with pytest.raises(PermissionDenied, match="holds changes you made since it was last published"):
        record_publish(record=draft, by=reviewer, seen_version=draft.version)
    settings.KB_ALLOW_SELF_REVIEW = True  # a team of one
    record_publish(record=draft, by=reviewer, seen_version=draft.version)
    assert draft.status == Status.PUBLISHED


def test_a_reviewer_does_not_publish_a_record_they_created(editor, reviewer, second_reviewer):
    with write_context(channel="admin", by=reviewer):
        created = CasualtyRecordFactory(area=AreaFactory(code="XRW"), status=Status.DRAFT)
    record_submit(record=created, by=editor)
    with pytest.raises(PermissionDenied, match="holds changes you made since it was last published"):
        record_publish(record=created, by=reviewer, seen_version=created.version)
    record_publish(record=created, by=second_reviewer, seen_version=created.version)
    assert created.status == Status.PUBLISHED


def test_review_actions_and_the_preference_are_not_authorship_and_publishing_clears_the_slate(
    draft, editor, reviewer, second_reviewer
):
    competitor = CasualtyRecordFactory(area=draft.area, status=Status.DRAFT, is_preferred=False)
    with write_context(channel="admin", by=reviewer):
        figure_make_preferred(record=competitor, reason="The newer edition", by=reviewer)
    record_submit(record=competitor, by=editor)
    record_return(record=competitor, by=reviewer, reason="Add the table number")
    competitor.refresh_from_db()
    record_submit(record=competitor, by=editor)
    record_publish(record=competitor, by=reviewer, seen_version=competitor.version)
    # Changes made before the last publication are reviewed already: only later ones count.
    record_update(record=draft, changes={"total": 12}, by=reviewer, expected_version=None, channel="admin")
    draft.refresh_from_db()
    record_submit(record=draft, by=editor)
    assert record_authors_since_publication(draft) == {reviewer.username}
    record_publish(record=draft, by=second_reviewer, seen_version=draft.version)
    assert record_authors_since_publication(draft) == set()

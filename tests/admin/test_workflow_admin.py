"""Roles in the admin, review actions, locked published records and safe concurrent editing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from kb.models import CasualtyRecord
from tests.factories import AreaFactory, CasualtyRecordFactory
from tests.kb.services.test_history import change_form_data

pytestmark = pytest.mark.django_db


def test_roles_exist_with_growing_rights():
    permissions = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert {"viewer", "editor", "reviewer", "administrator"} <= set(permissions)
    assert "view_casualtyrecord" in permissions["viewer"] and "change_casualtyrecord" not in permissions["viewer"]
    assert "change_casualtyrecord" in permissions["editor"] and "review_record" not in permissions["editor"]
    assert "review_record" in permissions["reviewer"]
    assert permissions["reviewer"] < permissions["administrator"]


def test_viewer_sees_but_cannot_change(client, viewer):
    record = CasualtyRecordFactory(area=AreaFactory(code="XV1"), status="draft")
    client.force_login(viewer)
    assert client.get(reverse("admin:kb_casualtyrecord_changelist")).status_code == 200
    response = client.post(
        reverse("admin:kb_casualtyrecord_change", args=[record.pk]), change_form_data(record, total="99")
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:kb_casualtyrecord_import")).status_code == 403


def test_editor_actions_exclude_publishing(client, editor, reviewer):
    client.force_login(editor)
    actions = client.get(reverse("admin:kb_casualtyrecord_changelist")).context["action_form"].fields["action"].choices
    names = {name for name, _ in actions}
    assert "submit_for_review" in names and "publish" not in names and "retract" not in names
    client.force_login(reviewer)
    actions = client.get(reverse("admin:kb_casualtyrecord_changelist")).context["action_form"].fields["action"].choices
    assert {"publish", "retract", "return_to_draft"} <= {name for name, _ in actions}


def test_editor_cannot_change_a_published_record(client, editor):
    record = CasualtyRecordFactory(area=AreaFactory(code="XP1"), total=10)  # published
    client.force_login(editor)
    response = client.post(
        reverse("admin:kb_casualtyrecord_change", args=[record.pk]), change_form_data(record, total="99")
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.total == 10


def test_submit_and_publish_through_admin_actions(client, editor, reviewer, api_client):
    record = CasualtyRecordFactory(area=AreaFactory(code="XPB", kind="country"), status="draft", total=5)
    url = reverse("admin:kb_casualtyrecord_changelist")
    client.force_login(editor)
    client.post(url, {"action": "submit_for_review", "_selected_action": [record.pk]})
    client.post(url, {"action": "publish", "_selected_action": [record.pk]})  # not allowed for editors
    record.refresh_from_db()
    assert record.status == "in_review"
    client.force_login(reviewer)
    seen = {f"_seen_version_{record.pk}": record.version}  # the hidden field of the row on the changelist
    client.post(url, {"action": "publish", "_selected_action": [record.pk], **seen})
    record.refresh_from_db()
    assert record.status == "published"
    assert [r["total"] for r in api_client.get("/api/v1/casualties/", {"area": "XPB"}).json()["results"]] == [5]


def test_return_to_draft_asks_for_the_reason_the_editor_reads(client, reviewer):
    from kb.services.history import record_history_list

    record = CasualtyRecordFactory(area=AreaFactory(code="XR2"), status="in_review")
    url = reverse("admin:kb_casualtyrecord_changelist")
    client.force_login(reviewer)
    form = client.post(url, {"action": "return_to_draft", "_selected_action": [record.pk]})
    assert form.status_code == 200 and "reason" in form.context["form"].fields
    record.refresh_from_db()
    assert record.status == "in_review"  # nothing happens before the reason is given
    client.post(url, {"action": "return_to_draft", "_selected_action": [record.pk], "reason": "Table 3, not 4"})
    record.refresh_from_db()
    assert record.status == "draft" and record_history_list(record)[-1].reason == "Table 3, not 4"


def test_retract_asks_for_a_reason(client, reviewer):
    record = CasualtyRecordFactory(area=AreaFactory(code="XP3"))
    url = reverse("admin:kb_casualtyrecord_changelist")
    client.force_login(reviewer)
    form = client.post(url, {"action": "retract", "_selected_action": [record.pk]})
    assert form.status_code == 200 and "reason" in form.context["form"].fields
    client.post(url, {"action": "retract", "_selected_action": [record.pk], "reason": "Duplicate of a later figure"})
    record.refresh_from_db()
    assert (record.status, record.retraction_reason) == ("retracted", "Duplicate of a later figure")


def test_second_concurrent_save_is_rejected_and_nothing_is_lost(client, editor):
    from django.contrib.auth import get_user_model

    colleague = get_user_model().objects.create_user("colleague", password="pw-colleague-1", is_staff=True)
    colleague.groups.add(Group.objects.get(name="editor"))
    record = CasualtyRecordFactory(area=AreaFactory(code="XCC"), status="draft", total=10)
    url = reverse("admin:kb_casualtyrecord_change", args=[record.pk])
    seen = change_form_data(record)  # both open the form at the same version

    client.force_login(colleague)
    first = client.post(url, {**seen, "total": "11"})
    assert first.status_code == 302

    client.force_login(editor)
    second = client.post(url, {**seen, "total": "12"})
    assert second.status_code == 200
    message = " ".join(second.context["adminform"].form.non_field_errors())
    assert "changed by colleague" in message and "reload the page" in message
    assert CasualtyRecord.objects.get(pk=record.pk).total == 11  # the first save stands

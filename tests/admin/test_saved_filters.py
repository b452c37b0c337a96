"""Saved filters: a staff member names the current selection of a list and re-applies it later."""

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError
from django.urls import reverse

from kb.models import SavedFilter
from tests.factories import AreaFactory, CasualtyRecordFactory

pytestmark = pytest.mark.django_db

CASUALTIES = "admin:kb_casualtyrecord_changelist"


def save(client, name, querystring, model="kb.casualtyrecord", **extra):
    data = {"model": model, "name": name, "querystring": querystring, **extra}
    return client.post(reverse("admin:kb_savedfilter_save"), data)


def test_save_keeps_only_the_lists_own_parameters(client, editor):
    client.force_login(editor)
    junk = "status__exact=draft&p=3&_changelist_filters=x%3D1&q=mine&_popup=1&o=2&unknown=1"
    response = save(client, "My drafts", junk)
    saved = SavedFilter.objects.get(user=editor)
    assert (saved.name, saved.model_label, saved.querystring) == (
        "My drafts",
        "kb.casualtyrecord",
        "o=2&q=mine&status__exact=draft",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(CASUALTIES) + "?o=2&q=mine&status__exact=draft"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The filter “My drafts” was saved."]


def test_saving_again_under_the_same_name_replaces_it(client, editor):
    client.force_login(editor)
    save(client, "Mine", "status__exact=draft")
    response = save(client, "Mine", "status__exact=published")
    assert list(SavedFilter.objects.filter(user=editor).values_list("querystring", flat=True)) == [
        "status__exact=published"
    ]
    assert "was updated" in [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_the_list_shows_own_and_shared_filters_only_and_applies_them(client, editor, reviewer):
    here = AreaFactory(code="XSF")
    mine = CasualtyRecordFactory(area=here, total=2, status="draft")
    SavedFilter.objects.create(
        user=editor, model_label="kb.casualtyrecord", name="Here", querystring=f"area__id__exact={here.pk}"
    )
    SavedFilter.objects.create(user=reviewer, model_label="kb.casualtyrecord", name="Rita's private", querystring="q=x")
    SavedFilter.objects.create(
        user=reviewer, model_label="kb.casualtyrecord", name="Team view", querystring="q=y", shared=True
    )
    SavedFilter.objects.create(user=editor, model_label="kb.source", name="Other list", querystring="q=z")
    client.force_login(editor)
    page = client.get(reverse(CASUALTIES)).content.decode()
    assert "Here" in page and "Team view" in page and "shared by rita-reviewer" in page
    assert "Rita's private" not in page and "Other list" not in page
    applied = client.get(reverse(CASUALTIES) + f"?area__id__exact={here.pk}")
    assert [r.pk for r in applied.context["cl"].result_list] == [mine.pk]
    assert 'class="selected"' in applied.content.decode()  # the filter in force is marked


def test_delete_own_filter_and_return_to_the_list(client, editor):
    saved = SavedFilter.objects.create(user=editor, model_label="kb.casualtyrecord", name="Old", querystring="q=a")
    client.force_login(editor)
    back = reverse(CASUALTIES) + "?q=a"
    url = reverse("admin:kb_savedfilter_delete", args=[saved.pk]) + "?next=" + back
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302 and response["Location"] == back
    assert not SavedFilter.objects.exists()


def test_another_users_filter_is_neither_visible_nor_deletable(client, editor, reviewer):
    theirs = SavedFilter.objects.create(
        user=reviewer, model_label="kb.casualtyrecord", name="Theirs", querystring="q=a", shared=True
    )
    client.force_login(editor)
    assert client.get(reverse("admin:kb_savedfilter_changelist")).context["cl"].result_count == 0
    assert client.get(reverse("admin:kb_savedfilter_change", args=[theirs.pk])).status_code == 302  # "not found"
    client.post(reverse("admin:kb_savedfilter_delete", args=[theirs.pk]), {"post": "yes"})
    actions = {"action": "delete_selected", "_selected_action": [theirs.pk], "post": "yes"}
    client.post(reverse("admin:kb_savedfilter_changelist"), actions)
    assert SavedFilter.objects.filter(pk=theirs.pk).exists()
    page = client.get(reverse(CASUALTIES)).content.decode()
    assert reverse("admin:kb_savedfilter_delete", args=[theirs.pk]) not in page


def test_a_viewer_may_save_filters_for_lists_they_can_see(client, viewer):
    client.force_login(viewer)
    assert save(client, "Seen", "q=a").status_code == 302
    assert SavedFilter.objects.filter(user=viewer).count() == 1
    assert save(client, "Tokens", "", model="kb.partnertoken").status_code == 403  # administrators' list


def test_unknown_lists_and_bad_filters_are_refused(client, editor):
    client.force_login(editor)
    assert save(client, "X", "q=a", model="kb.nosuchthing").status_code == 403
    response = save(client, "X", "area__id__exact=not-a-number")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "These filters do not apply to this list; nothing was saved."
    ]
    assert not SavedFilter.objects.exists()


def test_the_database_refuses_junk_in_a_stored_querystring(editor):
    with pytest.raises(IntegrityError):
        SavedFilter.objects.create(user=editor, model_label="kb.source", name="J", querystring="_changelist_filters=a")


def test_a_saved_filters_parameters_are_set_from_its_list_never_typed_on_its_page(client, editor):
    client.force_login(editor)
    save(client, "Mine", "status__exact=draft")
    saved = SavedFilter.objects.get(user=editor)
    page = reverse("admin:kb_savedfilter_change", args=[saved.pk])
    response = client.post(
        page, {"name": "Renamed", "querystring": "%5Fpopup=1&status__exact=published", "shared": "on"}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.querystring, saved.shared) == ("Renamed", "status__exact=draft", True)

"""Admin changelists, search and change forms render for staff, with a bounded number of queries."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = [
    "area",
    "adminarea",
    "organisation",
    "source",
    "citation",
    "treaty",
    "treatyaction",
    "armedconflictperiod",
    "casualtyrecord",
    "contaminationrecord",
    "landreleaserecord",
    "stockpilerecord",
    "productionrecord",
    "usereport",
    "programme",
    "fundingrecord",
]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_renders(admin_client, demo_data, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse(f"admin:kb_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_add_form_renders(admin_client, model):
    assert admin_client.get(reverse(f"admin:kb_{model}_add")).status_code == 200


def test_treaty_action_search_and_filters(admin_client, demo_data):
    url = reverse("admin:kb_treatyaction_changelist")
    response = admin_client.get(url, {"q": "Poland", "kind__exact": "withdrawal_notified"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_treaty_action_change_form_shows_review_fields_read_only(admin_client, demo_data):
    from kb.models import TreatyAction

    action = TreatyAction.objects.get(area__code="POL", kind="withdrawal_notified")
    response = admin_client.get(reverse("admin:kb_treatyaction_change", args=[action.pk]))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].readonly_fields


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("admin:kb_treatyaction_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "query", ["area__id__exact=abc", "is_preferred__exact=maybe", "period_start__year=99999999999"]
)
def test_an_unreadable_filter_is_refused_never_a_500(admin_client, query):
    """The list sends Django's invalid-lookup redirect; the export names the problem and writes nothing."""
    listing = reverse("admin:kb_casualtyrecord_changelist")
    assert admin_client.get(f"{listing}?{query}").status_code == 302
    response = admin_client.get(f"{reverse('admin:kb_casualtyrecord_export')}?{query}&_format=csv", follow=True)
    assert response.redirect_chain == [(listing, 302)]
    assert "could not be read, so nothing was exported" in response.content.decode()


def test_search_by_the_shown_name_and_history_tells_zero_from_nothing(admin_client):
    """A Ukrainian list shows Ukrainian names, so searching by one must find its records; the history showed a
    change from nothing to 0 as "∅ → ∅"."""
    from kb.models import Area
    from tests.factories import CasualtyRecordFactory

    area = Area.objects.create(code="XSN", name="Searchland", name_uk="Пошуколандія", kind="country")
    record = CasualtyRecordFactory(area=area, total=5, killed=None)
    found = admin_client.get(reverse("admin:kb_casualtyrecord_changelist"), {"q": "Пошуколандія"})
    assert [row.pk for row in found.context["cl"].result_list] == [record.pk]
    record.killed = 0
    record.save()
    history = admin_client.get(reverse("admin:kb_casualtyrecord_history", args=[record.pk])).content.decode()
    assert "<code>killed</code>: ∅ → 0" in history


@pytest.mark.parametrize(("language", "words"), [("uk", ["Виконати", "Пошук: "]), ("ru", ["Фильтр: "])])
def test_djangos_own_admin_words_are_translated(admin_client, language, words):
    """Django 6.1's catalogues leave these English on Ukrainian and Russian screens ("Run", "Search …")."""
    page = admin_client.get(reverse("admin:kb_casualtyrecord_changelist"), headers={"Accept-Language": language})
    text = page.content.decode()
    assert all(word in text for word in words), [word for word in words if word not in text]

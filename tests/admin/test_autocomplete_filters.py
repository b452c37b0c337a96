"""Filtering long lists (countries, sources, organisations) by typing instead of scrolling 250 links."""

import pytest
from django.urls import reverse

from kb.models import Area
from tests.factories import AreaFactory, CasualtyRecordFactory, SourceFactory

pytestmark = pytest.mark.django_db

CASUALTIES = "admin:kb_casualtyrecord_changelist"


def test_the_sidebar_no_longer_lists_every_country(admin_client, demo_data):
    assert Area.objects.count() > 200
    response = admin_client.get(reverse("admin:kb_treatyaction_changelist"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("area__id__exact=") == 0  # no link per country
    assert 'name="area__id__exact"' in page
    assert "admin-autocomplete" in page and "admin/js/autocomplete.js" in page and "kb/admin-filters.js" in page


def test_filtering_by_country_and_source_combines_with_other_filters(admin_client):
    here, there = AreaFactory(code="XAF"), AreaFactory(code="XAG")
    cited = SourceFactory()
    wanted = CasualtyRecordFactory(area=here, source=cited, total=4, status="draft")
    CasualtyRecordFactory(area=here, total=5, status="draft", is_preferred=False)  # another source
    CasualtyRecordFactory(area=there, source=cited, total=6, status="draft")  # another country
    CasualtyRecordFactory(area=there, total=7, status="published", is_preferred=False)  # neither
    params = {"area__id__exact": here.pk, "source__id__exact": cited.pk, "status__exact": "draft"}
    response = admin_client.get(reverse(CASUALTIES), params)
    assert response.status_code == 200
    assert [record.pk for record in response.context["cl"].result_list] == [wanted.pk]


def test_the_chosen_record_stays_visible_and_other_filters_are_kept(admin_client):
    here = AreaFactory(code="XAH", name="Chosenland")
    response = admin_client.get(reverse(CASUALTIES), {"area__id__exact": here.pk, "status__exact": "draft", "p": 2})
    page = response.content.decode()
    assert f'<option value="{here.pk}" selected>Chosenland</option>' in page
    assert '<input type="hidden" name="status__exact" value="draft">' in page
    assert 'type="hidden" name="p"' not in page  # a new filter starts again at the first page


def test_the_autocomplete_endpoint_answers_for_the_filter(admin_client):
    AreaFactory(code="XAI", name="Findmeland")
    params = {"term": "Findme", "app_label": "kb", "model_name": "casualtyrecord", "field_name": "area"}
    response = admin_client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Findmeland"]


def test_the_endpoint_answers_for_an_organisation_filter(admin_client, demo_data):
    params = {"term": "a", "app_label": "kb", "model_name": "partnertoken", "field_name": "organisation"}
    response = admin_client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    assert response.json()["results"]


def test_a_viewer_may_use_the_filters(client, viewer):
    here = AreaFactory(code="XAJ", name="Viewland")
    CasualtyRecordFactory(area=here, total=3)
    client.force_login(viewer)
    response = client.get(reverse(CASUALTIES), {"area__id__exact": here.pk})
    assert response.context["cl"].result_count == 1
    params = {"term": "Viewl", "app_label": "kb", "model_name": "casualtyrecord", "field_name": "area"}
    assert client.get(reverse("admin:autocomplete"), params).json()["results"][0]["text"] == "Viewland"


def test_a_bad_value_does_not_break_the_list(admin_client):
    response = admin_client.get(reverse(CASUALTIES), {"area__id__exact": "not-a-number"})
    assert response.status_code == 302
    assert "e=1" in response["Location"]

"""The change list's search (kb/admin/search.py): the records Django's own search finds, with the country's and the
source's terms asked of those tables by subquery rather than by a join searched row by row."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kb.admin.search import RelatedSearchMixin
from kb.models import CasualtyRecord, HazardArea
from tests.factories import AreaFactory, CasualtyRecordFactory, HazardAreaFactory, SourceFactory

pytestmark = pytest.mark.django_db

TERMS = ["Ukr", "украї", "UKR", "atlas", "mined road", '"mined road"', "ukr atlas", "atlas nowhere", "  "]


@pytest.fixture
def records(db):
    ukraine = AreaFactory(code="UKR", name="Ukraine", name_uk="Україна", name_ru="Украина")
    chad = AreaFactory(code="TCD", name="Chad")
    atlas = SourceFactory(slug="atlas-2025", title="Contamination Atlas 2025")
    other = SourceFactory(slug="monitor-2025", title="Monitor 2025")
    CasualtyRecordFactory(area=ukraine, source=atlas, notes="")
    CasualtyRecordFactory(area=ukraine, source=other, notes="", device_type="other_erw")
    CasualtyRecordFactory(area=chad, source=atlas, notes="A mined road near the border")
    CasualtyRecordFactory(area=chad, source=other, notes="mined fields; road closed", device_type="other_erw")
    HazardAreaFactory(area=ukraine, reference="UA-1", name="Field by the mined road")
    HazardAreaFactory(area=chad, reference="TD-1", name="Atlas ridge")


def found(model, term: str, *, django: bool) -> set[int]:
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    search = admin.ModelAdmin.get_search_results if django else type(model_admin).get_search_results
    queryset, _duplicates = search(model_admin, request, model._default_manager.all(), term)
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("model", [CasualtyRecord, HazardArea])
@pytest.mark.parametrize("term", TERMS)
def test_the_search_finds_what_djangos_search_finds(records, model, term):
    assert found(model, term, django=False) == found(model, term, django=True)


def test_a_country_and_a_source_are_searched_in_their_own_tables(records, admin_client):
    url = reverse("admin:kb_casualtyrecord_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url, {"q": "ukr atlas"})
    assert response.status_code == 200
    assert "1 casualty record" in response.content.decode()  # Ukraine's record from the atlas
    counted = next(
        q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"] and "kb_casualtyrecord" in q["sql"]
    )
    assert '"kb_casualtyrecord"."area_id" IN (SELECT' in counted
    assert '"kb_casualtyrecord"."source_id" IN (SELECT' in counted
    assert "JOIN" not in counted


@pytest.mark.parametrize("term", ["ukr", "UKR", "Ukraine", "tcd road"])
def test_a_search_field_ending_in_a_lookup_is_searched_as_django_searches_it(records, term):
    class CountryCodeAdmin(RelatedSearchMixin, admin.ModelAdmin):
        search_fields = ["area__code__iexact", "notes"]

    model_admin = CountryCodeAdmin(CasualtyRecord, admin.site)
    request = RequestFactory().get("/")
    mine, _ = model_admin.get_search_results(request, CasualtyRecord.objects.all(), term)
    djangos, _ = admin.ModelAdmin.get_search_results(model_admin, request, CasualtyRecord.objects.all(), term)
    assert set(mine.values_list("pk", flat=True)) == set(djangos.values_list("pk", flat=True))

"""Why a figure is preferred is kept: every change of a cell's preference stores a reason on the figure, in the
history of the figures it touches, and in the API."""

import pytest
from django.db import IntegrityError, transaction

from kb.models import CasualtyRecord
from kb.models.base import PREFERENCE_REASON_FIRST, PREFERENCE_REASON_PUBLISHED, PREFERENCE_REASON_UNGIVEN
from kb.services.figures import figure_make_preferred
from kb.services.history import record_history_list
from kb.services.imports import rows_import
from kb.services.review import record_publish
from tests.factories import AreaFactory, CasualtyRecordFactory, SourceFactory
from tests.kb.services.imports.test_bulk import stored

pytestmark = pytest.mark.django_db


def test_making_a_figure_preferred_needs_a_reason_kept_in_both_histories(reviewer):
    area = AreaFactory(code="XPR")
    first = CasualtyRecordFactory(area=area, total=10)
    second = CasualtyRecordFactory(area=area, total=12, is_preferred=False, source=SourceFactory())
    with pytest.raises(Exception, match="Say why"):
        figure_make_preferred(record=second, reason="  ", by=reviewer)
    figure_make_preferred(record=second, reason="Revised in the newer edition.", by=reviewer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_preferred, first.preference_reason) == (False, "")
    assert (second.is_preferred, second.preference_reason) == (True, "Revised in the newer edition.")
    for record in (first, second):
        last = record_history_list(record)[-1]
        assert last.reason == "Revised in the newer edition."
        assert "is_preferred" in last.changes


def test_the_database_refuses_a_preferred_figure_without_a_reason():
    record = CasualtyRecordFactory(area=AreaFactory(code="XPD"))
    with pytest.raises(IntegrityError), transaction.atomic():
        CasualtyRecord.objects.filter(pk=record.pk).update(preference_reason="")


def test_publishing_into_a_cell_without_a_published_preference_says_so(reviewer):
    area = AreaFactory(code="XPP")
    CasualtyRecordFactory(area=area, total=3, status="draft", is_preferred=False)
    record = CasualtyRecordFactory(area=area, total=5, status="in_review", is_preferred=False, source=SourceFactory())
    record_publish(record=record, by=reviewer, seen_version=record.version)
    record.refresh_from_db()
    assert (record.is_preferred, record.preference_reason) == (True, PREFERENCE_REASON_PUBLISHED)


HEADER = "country_code,period,total,preferred,preference_reason,source\n"
ROWS = (
    "XPI,2019,100,,,{a}\n"  # the cell's first figure
    "XPI,2019,120,,,{b}\n"  # a competitor, not preferred
    "XPI,2020,90,,,{a}\n"
    "XPI,2020,95,true,Counted again by the operator.,{b}\n"  # demotes the row above, with its reason
    "XPI,2021,80,true,,{a}\n"  # asked for without a reason
)


@pytest.mark.parametrize("bulk", [False, True])
def test_imports_store_the_reason_given_or_say_none_was(bulk):
    AreaFactory(code="XPI")
    a, b = SourceFactory(), SourceFactory()
    content = (HEADER + ROWS.format(a=a.slug, b=b.slug)).encode()
    rows_import(resource="casualties", content=content, filename="f.csv", bulk=bulk)
    reasons = {
        (r.year, r.source_id): (r.is_preferred, r.preference_reason)
        for r in CasualtyRecord.objects.filter(area__code="XPI")
    }
    assert reasons == {
        (2019, a.pk): (True, PREFERENCE_REASON_FIRST),
        (2019, b.pk): (False, ""),
        (2020, a.pk): (False, ""),
        (2020, b.pk): (True, "Counted again by the operator."),
        (2021, a.pk): (True, PREFERENCE_REASON_UNGIVEN),
    }


def test_row_and_bulk_paths_store_the_same_reasons():
    AreaFactory(code="XPI")
    a, b = SourceFactory(), SourceFactory()
    content = (HEADER + ROWS.format(a=a.slug, b=b.slug)).encode()
    results = []
    for bulk in (False, True):
        with transaction.atomic():
            rows_import(resource="casualties", content=content, filename="f.csv", bulk=bulk)
            results.append(stored(CasualtyRecord))
            transaction.set_rollback(True)
    assert results[0] == results[1]


def test_the_api_shows_and_takes_the_reason(partner_client, api_client):
    AreaFactory(code="XPA")
    source = SourceFactory()
    body = {"country_code": "XPA", "period": "2019", "total": 7, "source": source.slug}
    created = partner_client.post("/api/v1/casualties/", body, format="json").json()
    assert (created["is_preferred"], created["preference_reason"]) == (True, PREFERENCE_REASON_FIRST)
    record = CasualtyRecord.objects.get(pk=created["id"])
    CasualtyRecord.objects.filter(pk=record.pk).update(status="published")
    shown = api_client.get(f"/api/v1/casualties/{record.pk}/").json()
    assert shown["preference_reason"] == PREFERENCE_REASON_FIRST

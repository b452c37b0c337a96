"""A worker lets go of what an answer was built from once the answer is rendered, not at Python's next full garbage
collection (api/middleware.py): for a 6,000-group summary that is tens of megabytes held for seconds under load."""

import gc
import weakref

import pytest
from django.core.cache import cache

import api.views.casualties

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


class Rows(list):
    """The summary's rows in a list a weak reference can follow (a plain list cannot be weakly referenced)."""


@pytest.fixture
def summary_rows(monkeypatch):
    """Weak references to the rows each summary is built from."""
    built = []
    real = api.views.casualties.casualty_summary_list

    def recorded(**kwargs):
        rows = Rows(real(**kwargs))
        built.append(weakref.ref(rows))
        return rows

    monkeypatch.setattr(api.views.casualties, "casualty_summary_list", recorded)
    return built


@pytest.fixture
def no_cyclic_collection():
    """Only reference counting frees memory meanwhile, as between two of a busy worker's full collections."""
    cache.clear()
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def test_a_summarys_rows_are_freed_as_soon_as_its_answer_is_rendered(api_client, summary_rows, no_cyclic_collection):
    response = api_client.get("/api/v1/casualties/summary/", {"group_by": "area,year"})
    assert response.status_code == 200
    assert len(response.json()) > 1
    assert len(summary_rows) == 1
    assert summary_rows[0]() is None

"""Fixtures of the GIS import tests (test_geo_import.py, test_geo_import_bulk.py)."""

import pytest
from django.utils import translation

from tests.factories import AreaFactory


@pytest.fixture
def english():
    """Messages from kb.services.geometry are translated: read them in English whatever an earlier test left on."""
    with translation.override("en"):
        yield


@pytest.fixture
def country(db):
    return AreaFactory(code="XHZ", name="Hazardland")

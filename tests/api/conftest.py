"""Every response the API tests receive through Django's or DRF's test client is validated against the OpenAPI
schema (tests/api/response_schema.py says what is left out and why): the schema describes what the API answers."""

import pytest
from django.test import Client

from tests.api.response_schema import api_document, api_schema, response_check
from tests.factories.hazards import HazardAreaFactory, LandReleaseActivityFactory
from tests.factories.obligations import TreatyObligationFactory
from tests.factories.reference import AdminAreaFactory, AreaFactory
from tests.factories.statistics import ContaminationRecordFactory, UseReportFactory


@pytest.fixture(scope="session")
def openapi_document() -> dict:
    return api_document()


@pytest.fixture(scope="session")
def openapi_schema(openapi_document):
    return api_schema(openapi_document)


@pytest.fixture(autouse=True)
def responses_match_schema(monkeypatch, openapi_schema):
    send = Client.request  # DRF's APIClient sends through it too

    def request(self, **kwargs):
        response = send(self, **kwargs)
        response_check(openapi_schema, response)
        return response

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture
def one_of_each(demo_data):
    """A published record of each kind the demo data lacks, in an area of its own."""
    area = AreaFactory(code="XSV")
    admin_area = AdminAreaFactory(area=area)
    ContaminationRecordFactory(area=area, admin_area=admin_area)
    UseReportFactory(area=area)
    HazardAreaFactory(area=area, admin_area=admin_area)
    LandReleaseActivityFactory(area=area)
    TreatyObligationFactory(area=area)

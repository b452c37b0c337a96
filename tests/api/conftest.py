"""Every response the API tests receive through Django's or DRF's test client is validated against the OpenAPI
schema (tests/api/response_schema.py says what is left out and why): the schema describes what the API answers."""

import pytest
from django.test import Client

from tests.api.response_schema import api_document, api_schema, response_check


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

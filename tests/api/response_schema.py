"""Validation of the API's responses against its OpenAPI schema (openapi-core), as a strict partner tool reads them.

tests/api/conftest.py runs every response the API tests receive through `response_check`."""

import json

from django.http import HttpResponse
from drf_spectacular.generators import SchemaGenerator
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.exceptions import OpenAPIError
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound

API_PREFIX = "/api/v1/"
VALIDATED_TYPES = ("application/json", "application/geo+json")

# What is left out, and why. Anything else under API_PREFIX is validated, and a response the schema does not describe
# (an unknown path, method or status) fails the test.
UNVALIDATED_PATHS = {
    "/api/v1/": "the router's index of routes: a convenience for browsers, not an operation",
}
UNVALIDATED_METHODS = {
    "HEAD": "no body to validate; its GET twin is",
    "OPTIONS": "DRF's metadata answer, not an operation",
}
UNVALIDATED_STATUSES = {
    405: "a method the route does not take: no operation describes it",
    500: "a server error is a bug, never part of the contract (tests/api/test_database_outage.py provokes one)",
}
# A write to a route without that method has no operation either, and without (enough) credentials it is refused
# with 401/403 before the 405; a path no route serves (a typo, a missing trailing slash on a write) is a 404.
NO_OPERATION_STATUSES = (401, 403, 404)
UNVALIDATED_PARAMETERS = {
    "fields": "the client chose which fields to keep, so required fields are absent on purpose",
    "omit": "the client chose which fields to leave out, so required fields are absent on purpose",
}
# Content types outside VALIDATED_TYPES (CSV, HXL-tagged CSV, GeoPackage) are files whose columns the schema does
# not describe; they are checked byte for byte by the format tests.


class ConcreteRequest(DjangoOpenAPIRequest):
    # Match the request's own path against the schema's templates (/api/v1/casualties/{id}/): Django's route for a
    # DRF router URL is a regular expression openapi-core cannot turn into one.
    path_pattern = None


def api_document() -> dict:
    """The schema as `manage.py spectacular` writes it, served from the test client's host."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    document = json.loads(json.dumps(document, default=str))  # lazy translations -> plain strings
    document["servers"] = [{"url": "http://testserver"}]
    return document


def api_schema(document: dict) -> OpenAPI:
    # GeoJSON is JSON: read it as such (openapi-core only knows application/json by name).
    config = Config(extra_media_type_deserializers={"application/geo+json": json.loads})
    return OpenAPI.from_dict(document, config=config)


def is_validated(response: HttpResponse) -> bool:
    request = response.wsgi_request
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return (
        request.path.startswith(API_PREFIX)
        and request.path not in UNVALIDATED_PATHS
        and request.method not in UNVALIDATED_METHODS
        and response.status_code not in UNVALIDATED_STATUSES
        and not set(request.GET) & set(UNVALIDATED_PARAMETERS)
        and (content_type in VALIDATED_TYPES or response.status_code == 304)
        and not response.streaming
    )


class ResponseNotInSchema(AssertionError):
    pass


def response_check(schema: OpenAPI, response: HttpResponse) -> None:
    """Raise ResponseNotInSchema, naming every difference, when the response is not one the schema describes."""
    if not is_validated(response):
        return
    request = response.wsgi_request
    try:
        schema.validate_response(ConcreteRequest(request), DjangoOpenAPIResponse(response))
    except (OperationNotFound, PathNotFound) as error:
        if response.status_code not in NO_OPERATION_STATUSES:
            raise _not_in_schema(response, [str(error)]) from None
    except OpenAPIError as error:
        schema_errors = getattr(error.__cause__, "schema_errors", ())
        details = [type(error).__name__ if schema_errors else str(error)]
        for schema_error in schema_errors:
            where = "/".join(str(part) for part in schema_error.absolute_path)
            details.append(f"  at {where or '(body)'}: {schema_error.message[:300]}")
        raise _not_in_schema(response, details) from None


def _not_in_schema(response: HttpResponse, details: list[str]) -> ResponseNotInSchema:
    request = response.wsgi_request
    query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
    heading = f"{request.method} {request.path}{query} -> {response.status_code}:"
    return ResponseNotInSchema("\n".join([heading, *details]))

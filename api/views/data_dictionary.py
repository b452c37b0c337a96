"""data-dictionary/: what every column of every resource means, as Frictionless Table Schemas (kb/services/
data_dictionary.py), so partners' tools can type and check the CSVs they download."""

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, viewsets
from rest_framework.response import Response

from api.params import StrictQueryParametersMixin
from api.permissions import ReadOnly
from kb.services.data_dictionary import data_dictionary_resources, table_schema
from kb.services.imports.registry import RESOURCES
from kb.services.licence import data_licence

TABLE_SCHEMA = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A Frictionless Table Schema: `fields` (name, title, type, constraints, description) with `unit`, "
    "`hxl`, `qualifiable` and `nullMeaning` where they apply, and `missingValues`.",
)
INDEX = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="`resources`: each resource's name, title, Table Schema URL and data URL; `license`.",
)


def _list_route(resource: str) -> str | None:
    """The API list that serves this resource's CSV (`countries/` for `areas`), found in the router."""
    from api.urls import router  # the router imports this module

    model = RESOURCES[resource]._meta.model
    for _prefix, viewset, basename in router.registry:
        queryset = getattr(viewset, "queryset", None)
        if queryset is not None and queryset.model is model:
            try:
                return reverse(f"{basename}-list")
            except NoReverseMatch:
                return None
    return None


class DataDictionaryViewSet(StrictQueryParametersMixin, viewsets.ViewSet):
    """The data dictionary: one Frictionless Table Schema per resource, generated from the column declarations."""

    permission_classes = [ReadOnly]
    renderer_classes = [renderers.JSONRenderer]
    lookup_field = "resource"
    lookup_value_regex = "[a-z-]+"
    list_returns_object = True

    @extend_schema(responses=INDEX, summary="Index of the data dictionary", operation_id="data_dictionary_list")
    def list(self, request):
        entries = []
        for name in data_dictionary_resources():
            data = _list_route(name)
            entries.append(
                {
                    "name": name,
                    "title": table_schema(resource=name)["title"],
                    "schema": request.build_absolute_uri(reverse("data-dictionary-detail", args=[name])),
                    "data": request.build_absolute_uri(f"{data}?format=csv") if data else None,
                }
            )
        licence = data_licence()
        return Response({"resources": entries, "license": {"name": licence.name, "path": licence.url}})

    @extend_schema(responses=TABLE_SCHEMA, summary="Table Schema of one resource")
    def retrieve(self, request, resource=None):
        if resource not in RESOURCES:
            raise Http404
        return Response(table_schema(resource=resource))

"""`as_of`: a list as the knowledge base published it at a past moment, read from the history."""

import datetime as dt

from django.core.exceptions import FieldError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from api.filters.ordering import StrictOrderingFilter
from api.params import as_of_parse
from api.views.mixins.exports import STREAMED_FORMATS
from api.views.mixins.visibility import serialized_relations
from kb.services.history import records_as_of, snapshot_prepare

MSG_AS_OF_FILTER = "One of these filters cannot be answered as of a past date: send it without as_of."
MSG_AS_OF_FILE = (
    "As-of answers are pages of JSON (or JSON lines), not {format} files: page through them, or download a release "
    "(releases/) for a whole past snapshot as CSV."
)

AS_OF_REFUSED_FORMATS = (*STREAMED_FORMATS, "geojson", "gpkg")

AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATETIME,
    description="What the knowledge base published at this moment (YYYY-MM-DD means the end of that day, UTC), "
    "read from the history; combines with every other filter.",
)


class AsOfListMixin:
    query_parameters = {"list": ("as_of",)}

    def as_of_rows(self, request, as_of: dt.datetime):
        """The published records at `as_of` (history snapshots), through the list's filters."""
        model = self.queryset.model
        # Snapshots keep the records' default order (history models have none of their own), ties broken by id.
        snapshots = (
            records_as_of(model, as_of).select_related(*serialized_relations(model)).order_by(*model._meta.ordering)
        )
        filterset = self.filterset_class(request.query_params, queryset=snapshots, request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        try:
            return filterset.qs
        except FieldError:  # a filter on a link the history does not keep (hazard areas of an activity)
            raise ValidationError({"as_of": [MSG_AS_OF_FILTER]}) from None

    def list(self, request, *args, **kwargs):
        as_of = as_of_parse(request.query_params.get("as_of"))
        if as_of is None:
            return super().list(request, *args, **kwargs)
        # Whole lists in the import format or a GIS file cannot carry an as-of answer, which is a page of snapshots.
        if request.accepted_renderer.format in AS_OF_REFUSED_FORMATS:
            raise ValidationError({"as_of": [MSG_AS_OF_FILE.format(format=request.accepted_renderer.format.upper())]})
        rows = StrictOrderingFilter().filter_queryset(request, self.as_of_rows(request, as_of), self)
        page = self.paginate_queryset(rows)
        for snapshot in page:
            snapshot_prepare(snapshot)
        self.as_of_page_prepare(page, as_of)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def as_of_page_prepare(self, page: list, as_of: dt.datetime) -> None:
        """What a view's serializer reads beyond the snapshot's own fields, as it was at `as_of`."""

"""Shared viewset behaviour: published-only visibility, formats, field selection, caching, partner writes."""

import datetime as dt
import itertools

from django.core.exceptions import FieldError
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404  # a malformed id (casualties/abc/) is a 404, not a 500
from rest_framework.response import Response

from api.caching import (
    ComputedConditionalMixin,
    ConditionalMixin,
    PreconditionFailed,
    PreconditionRequired,
    cache_lookup,
    cache_store,
    data_stamp,
    record_etag,
    version_from_etag,
)
from api.filters.ordering import StrictOrderingFilter
from api.params import PAGINATION, SELECTED_FIELDS, StrictQueryParametersMixin, as_of_parse, bom_requested
from api.permissions import partner_token
from api.renderers import BOM, GeoJSONRenderer, XLSXRenderer
from api.serializers.writes import as_cells, write_serializer_for
from kb.models import Citation
from kb.services.exports import rows_export_stream, rows_export_xlsx_file
from kb.services.history import records_as_of, snapshot_prepare
from kb.services.imports.registry import resource_for_model
from kb.services.records import (
    MAX_BULK_ITEMS,
    RecordsRejected,
    StaleVersion,
    record_change_allowed,
    record_update,
    records_submit,
)

NOT_SERIALIZED = ("submitted_by", "reviewed_by", "partner_organisation")
MSG_UNKNOWN_FIELDS = "Unknown field(s): {unknown}. Available: {available}."
MSG_BULK_SIZE = "Send between 1 and {limit} items."
MSG_AS_OF_FILTER = "One of these filters cannot be answered as of a past date: send it without as_of."
MSG_IF_MATCH = "Not an ETag of this record: send the ETag header of your last GET of it."

FIELD_SELECTION = [
    OpenApiParameter("fields", str, description="Comma-separated fields to include (others are left out)."),
    OpenApiParameter("omit", str, description="Comma-separated fields to leave out."),
]
CONDITIONAL = [
    OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, description="An ETag: 304 if unchanged."),
    OpenApiParameter("If-Modified-Since", str, OpenApiParameter.HEADER, description="HTTP date: 304 if unchanged."),
]
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=True, description="The record's ETag, from a GET."
)


def serialized_relations(model) -> list[str]:
    """The foreign keys the serializers read, for select_related."""
    return [f.name for f in model._meta.concrete_fields if f.is_relation and f.name not in NOT_SERIALIZED]


def visible_for(user):
    """`visible(Model)` for selectors: what `user` may see of each reviewable model."""

    def visible(model):
        return model._default_manager.visible_to(user)

    return visible


def _point(obj):
    """A record's place for GeoJSON: its admin area's point, else its area's (country centroid)."""
    for holder in (getattr(obj, "admin_area", None), getattr(obj, "area", None), obj):
        if holder is not None and getattr(holder, "latitude", None) is not None:
            return {"type": "Point", "coordinates": [float(holder.longitude), float(holder.latitude)]}
    return None


@extend_schema_view(
    list=extend_schema(parameters=[*FIELD_SELECTION, *CONDITIONAL]),
    retrieve=extend_schema(parameters=[*FIELD_SELECTION, *CONDITIONAL]),
)
class ReadOnlyViewSet(
    StrictQueryParametersMixin, ComputedConditionalMixin, ConditionalMixin, viewsets.ReadOnlyModelViewSet
):
    """List and detail, in JSON, CSV, HXL CSV (and GeoJSON where records have a place), with ETags."""

    geo = False
    # Only lists and details of located records have a geometry to serve; computed actions answer JSON, CSV, HXL.
    GEO_ACTIONS = ("list", "retrieve")
    # Actions besides list that take the list's filters.
    filtered_actions: tuple[str, ...] = ()

    def allowed_query_parameters(self) -> set[str]:
        allowed = super().allowed_query_parameters()
        if self.action in ("list", "retrieve"):
            allowed |= set(SELECTED_FIELDS)
        if self.action == "list" or self.action in self.filtered_actions:
            filterset = getattr(self, "filterset_class", None)
            allowed |= {"ordering", *(filterset.base_filters if filterset else ())}
        if self.action == "list" and self.paginator is not None:
            allowed |= set(PAGINATION)
        return allowed

    def get_renderers(self):
        found = super().get_renderers()
        return [*found, GeoJSONRenderer()] if self.serves_geometry() else found

    def serves_geometry(self) -> bool:
        return self.geo and self.action in self.GEO_ACTIONS

    def filter_queryset(self, queryset):
        # List filters (and the preferred-figures default) select lists; a detail URL names its record.
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.request is not None and self.request.method == "GET":
            self._select_fields(serializer.child if isinstance(serializer, serializers.ListSerializer) else serializer)
        return serializer

    def _select_fields(self, serializer) -> None:
        params = self.request.query_params
        wanted = [f.strip() for f in params.get("fields", "").split(",") if f.strip()]
        omitted = [f.strip() for f in params.get("omit", "").split(",") if f.strip()]
        available = list(serializer.fields)
        unknown = [f for f in wanted + omitted if f not in available]
        if unknown:
            message = MSG_UNKNOWN_FIELDS.format(unknown=", ".join(unknown), available=", ".join(available))
            raise ValidationError({"fields" if set(unknown) & set(wanted) else "omit": [message]})
        for name in available:
            if (wanted and name not in wanted) or name in omitted:
                serializer.fields.pop(name)

    @property
    def export_resource(self) -> str | None:
        try:
            return resource_for_model(self.get_queryset().model)[0]
        except LookupError:
            return None

    def list(self, request, *args, **kwargs):
        fmt = request.accepted_renderer.format
        if fmt in ("csv", "hxl", "xlsx") and self.export_resource:
            queryset = self.filter_queryset(self.get_queryset())
            self._check_page_parameters(request)
            etag, last_modified = self.list_etag_for(request, queryset)
            return self._conditional(request, etag, last_modified, lambda: self._stream(queryset, fmt))
        # A page answered before under the same data stamp (api/caching.py) is answered again from memory, with its
        # ETag, without filtering, counting or serializing: the stamp moves with every write, anywhere.
        stamp = data_stamp()
        parts = ("list", fmt)
        hit = cache_lookup(request, parts, stamp)
        if hit is not None:
            etag, last_modified, data = hit
            return self._conditional(request, etag, last_modified, lambda: Response(data))
        queryset = self.filter_queryset(self.get_queryset())
        etag, last_modified = self.list_etag_for(request, queryset)

        def respond():
            response = self._list_response(queryset, fmt)
            cache_store(request, parts, stamp, (etag, last_modified, response.data))
            return response

        return self._conditional(request, etag, last_modified, respond)

    def _check_page_parameters(self, request) -> None:
        """A streamed download ignores paging and field selection, but still refuses malformed values."""
        paginator = self.paginator
        if paginator is not None:
            active = paginator._choose(request)
            if hasattr(active, "get_limit"):
                active.get_limit(request)
                active.get_offset(request)
            else:
                active.get_page_size(request)
        self._select_fields(self.get_serializer())

    def list_etag_for(self, request, queryset):
        user = request.user
        audience = "staff" if user.is_authenticated and user.is_staff else user.pk or "public"
        request_key = f"{translation.get_language()}|{audience}"
        etag, last_modified = self.list_etag(request, queryset)
        return etag[:-1] + request_key.replace('"', "") + '"', last_modified

    def _list_response(self, queryset, fmt):
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        data = self.get_serializer(rows, many=True).data
        if fmt == "geojson":
            features = [self.feature(obj, item) for obj, item in zip(rows, data, strict=True)]
            collection = {"type": "FeatureCollection", "features": features}
            if page is not None:
                paginated = self.get_paginated_response([]).data
                collection["links"] = {"next": paginated.get("next"), "previous": paginated.get("previous")}
            return Response(collection)
        return self.get_paginated_response(data) if page is not None else Response(data)

    def feature(self, obj, item: dict) -> dict:
        """A serialized record as a GeoJSON Feature: a point at its place."""
        return {"type": "Feature", "id": obj.pk, "geometry": _point(obj), "properties": item}

    def _stream(self, queryset, fmt):
        resource = self.export_resource
        if fmt == "xlsx":
            return FileResponse(
                rows_export_xlsx_file(resource=resource, queryset=queryset),
                content_type=XLSXRenderer.media_type,
                as_attachment=True,
                filename=f"{resource}.xlsx",
            )
        chunks = rows_export_stream(resource=resource, queryset=queryset, fmt=fmt)
        if bom_requested(self.request):
            chunks = itertools.chain([BOM], chunks)
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        suffix = "-hxl" if fmt == "hxl" else ""
        response["Content-Disposition"] = f'attachment; filename="{resource}{suffix}.csv"'
        return response

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()

        def respond():
            data = self.get_serializer(instance).data
            return Response(self.feature(instance, data) if request.accepted_renderer.format == "geojson" else data)

        return self._conditional(request, record_etag(instance), instance.updated_at, respond)


AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATETIME,
    description="What the knowledge base published at this moment (YYYY-MM-DD means the end of that day, UTC), "
    "read from the history; combines with every other filter.",
)


@extend_schema_view(list=extend_schema(parameters=[AS_OF_PARAMETER]))
class ReviewableReadOnlyViewSet(ReadOnlyViewSet):
    """For reviewable records: staff see every status, a partner also its own submissions, everyone else published
    records only (404 otherwise). `as_of` answers the list as it was published at that moment, from the history."""

    query_parameters = {"list": ("as_of",)}

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def as_of_rows(self, request, as_of: dt.datetime):
        """The published records at `as_of` (history snapshots), through the list's filters."""
        model = self.queryset.model
        snapshots = records_as_of(model, as_of).select_related(*serialized_relations(model))
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
        rows = StrictOrderingFilter().filter_queryset(request, self.as_of_rows(request, as_of), self)
        page = self.paginate_queryset(rows)
        for snapshot in page:
            snapshot_prepare(snapshot)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class SubmitMixin(mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Partner and staff writes: create (draft), bulk create (all or nothing), update own drafts (If-Match)."""

    def write_serializer_class(self):
        return write_serializer_for(self.export_resource)

    def _partner(self):
        token = partner_token(self.request)
        return token.organisation if token else None

    def _submit(self, items: list[dict]) -> list[int]:
        try:
            return records_submit(
                resource=self.export_resource, records=items, by=self.request.user, partner=self._partner()
            )
        except RecordsRejected as exc:
            raise ValidationError(exc.items[0] if len(items) == 1 else {"items": exc.items}) from None

    def _read(self, pk):
        model = self.queryset.model
        relations = serialized_relations(model)
        manager = model._default_manager
        record = (manager.select_related(*relations) if relations else manager).get(pk=pk)
        return self.get_serializer_class()(record, context=self.get_serializer_context()), record

    def create(self, request, *args, **kwargs):
        serializer = self.write_serializer_class()(data=request.data)
        serializer.is_valid(raise_exception=True)
        [pk] = self._submit([as_cells(serializer.validated_data)])
        data, record = self._read(pk)
        headers = {"ETag": record_etag(record), "Location": request.build_absolute_uri(f"{pk}/")}
        return Response(data.data, status=status.HTTP_201_CREATED, headers=headers)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        if_match = request.headers.get("If-Match")
        if not if_match:
            raise PreconditionRequired()
        lookup = kwargs[self.lookup_url_kwarg or self.lookup_field]
        record = get_object_or_404(self.get_queryset(), **{self.lookup_field: lookup})
        try:  # refused before the body is looked at: a field's validity tells nothing to who may not change it
            record_change_allowed(record=record, by=request.user, partner=self._partner())
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        expected = None if if_match.strip() == "*" else version_from_etag(if_match, pk=record.pk)
        if expected is None and if_match.strip() != "*":
            raise ValidationError({"If-Match": [MSG_IF_MATCH]})
        serializer = self.write_serializer_class()(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            record = record_update(
                record=record,
                changes=as_cells(serializer.validated_data),
                by=request.user,
                expected_version=expected,
                partner=self._partner(),
            )
        except StaleVersion as exc:
            raise PreconditionFailed(str(exc)) from None
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        data, record = self._read(record.pk)
        return Response(data.data, headers={"ETag": record_etag(record)})

    @action(detail=False, methods=["post"])
    def bulk(self, request, *args, **kwargs):
        """Create up to 1000 records at once, all or none; errors are listed per item (`items[i]`)."""
        if not isinstance(request.data, list) or not 1 <= len(request.data) <= MAX_BULK_ITEMS:
            raise ValidationError({"items": [MSG_BULK_SIZE.format(limit=MAX_BULK_ITEMS)]})
        write = self.write_serializer_class()
        checked = [write(data=item) for item in request.data]
        if not all([s.is_valid() for s in checked]):
            raise ValidationError({"items": [s.errors for s in checked]})
        pks = self._submit([as_cells(s.validated_data) for s in checked])
        by_pk = self.queryset.model._default_manager.in_bulk(pks)
        read = self.get_serializer_class()
        context = self.get_serializer_context()
        return Response([read(by_pk[pk], context=context).data for pk in pks], status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF_PARAMETER]),
    update=extend_schema(parameters=[IF_MATCH]),
    partial_update=extend_schema(parameters=[IF_MATCH]),
)
class StatisticViewSet(SubmitMixin, ReviewableReadOnlyViewSet):
    """One statistics resource: list and detail (`figures=all` adds competing figures; `as_of` looks back), and
    partner submissions."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["id", "period_start", "period_end", "year", "area__name"]
    ordering = ["area__name", "-period_start", "id"]
    geo = True

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("area", "admin_area", "source")
            .prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("source")))
        )

"""Writes through the API: the write service (kb/services/writes/), guarded by ETags."""

from urllib.parse import quote

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404  # a malformed id (casualties/abc/) is a 404, not a 500
from rest_framework.response import Response

from api.caching import PreconditionFailed, PreconditionRequired, header_etags, record_etag, version_from_etag
from api.permissions import partner_token
from api.serializers.writes import write_serializer_for
from api.views.mixins.visibility import serialized_relations
from kb.services.writes import CHANNEL_API
from kb.services.writes.records import (
    MAX_BULK_ITEMS,
    RecordsRejected,
    StaleVersion,
    record_change_allowed,
    record_stamp,
    record_update,
    records_submit,
)

MSG_BULK_SIZE = "Send between 1 and {limit} items."
MSG_IF_MATCH = "Not an ETag of this record: send the ETag header of your last GET of it."

IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=True, description="The record's ETag, from a GET."
)


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
        [pk] = self._submit([dict(serializer.validated_data)])
        data, record = self._read(pk)
        # The detail's own address: by slug where the route looks records up by slug (sources, programmes).
        key = quote(str(getattr(record, self.lookup_field)), safe="")
        headers = {"ETag": record_etag(record, request), "Location": request.build_absolute_uri(f"{key}/")}
        return Response(data.data, status=status.HTTP_201_CREATED, headers=headers)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        lookup = kwargs[self.lookup_url_kwarg or self.lookup_field]
        record = get_object_or_404(self.get_queryset(), **{self.lookup_field: lookup})
        try:  # refused before the body is looked at: a field's validity tells nothing to who may not change it
            record_change_allowed(record=record, by=request.user, partner=self._partner())
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        if not (if_match := request.headers.get("If-Match", "").strip()):  # after 404 and 403, as documented
            raise PreconditionRequired()
        expected = _expected_version(if_match, record)
        serializer = self.write_serializer_class()(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            record = record_update(
                record=record,
                changes=dict(serializer.validated_data),  # typed, as validated: no text in between
                by=request.user,
                expected_version=expected,
                partner=self._partner(),
                channel=CHANNEL_API,
            )
        except StaleVersion as exc:
            raise PreconditionFailed(str(exc)) from None
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        data, record = self._read(record.pk)
        return Response(data.data, headers={"ETag": record_etag(record, request)})

    @action(detail=False, methods=["post"])
    def bulk(self, request, *args, **kwargs):
        """Create up to 1000 records at once, all or none; errors are listed per item (`items[i]`)."""
        if not isinstance(request.data, list) or not 1 <= len(request.data) <= MAX_BULK_ITEMS:
            raise ValidationError({"items": [MSG_BULK_SIZE.format(limit=MAX_BULK_ITEMS)]})
        write = self.write_serializer_class()
        checked = [write(data=item) for item in request.data]
        if not all([s.is_valid() for s in checked]):
            raise ValidationError({"items": [s.errors for s in checked]})
        pks = self._submit([dict(s.validated_data) for s in checked])
        by_pk = self.queryset.model._default_manager.in_bulk(pks)
        read = self.get_serializer_class()
        context = self.get_serializer_context()
        return Response([read(by_pk[pk], context=context).data for pk in pks], status=status.HTTP_201_CREATED)


def _expected_version(if_match: str, record) -> int | None:
    """The version an If-Match header names: None for `*` (any); of a list of this record's ETags (RFC 9110: any
    may match), the current version where listed, else the first (stale: a 412)."""
    tags = header_etags(if_match)
    if "*" in tags:
        return None
    versions = [version_from_etag(tag, pk=record.pk) for tag in tags]
    if not versions or None in versions:
        raise ValidationError({"If-Match": [MSG_IF_MATCH]})
    current = record_stamp(record)
    return current if current in versions else versions[0]

"""Shared viewset behaviour: the public sees published records only."""

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from kb.models import Citation
from kb.periods import period_format
from kb.services.history import records_as_of


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail; subclasses set queryset, serializer_class, filterset_class, ordering_fields."""

    def filter_queryset(self, queryset):
        # List filters (and the preferred-figures default) select lists; a detail URL names its record.
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)


class ReviewableReadOnlyViewSet(ReadOnlyViewSet):
    """For reviewable records: staff see every status, everyone else published records only (404 otherwise)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATETIME,
    description="What the knowledge base published at this moment (YYYY-MM-DD means the end of that day, UTC), "
    "read from the history; combines with every other filter.",
)


@extend_schema_view(list=extend_schema(parameters=[AS_OF_PARAMETER]))
class StatisticViewSet(ReviewableReadOnlyViewSet):
    """List and detail of one statistics resource; `figures=all` adds competing figures; `as_of` looks back."""

    ordering_fields = ["period_start", "period_end", "year", "area__name"]
    ordering = ["area__name", "-period_start", "id"]

    def list(self, request, *args, **kwargs):
        as_of = as_of_parse(request.query_params.get("as_of"))
        if as_of is None:
            return super().list(request, *args, **kwargs)
        model = self.queryset.model
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation and f.name not in NOT_SERIALIZED]
        snapshots = records_as_of(model, as_of).select_related(*relations)
        filterset = self.filterset_class(request.query_params, queryset=snapshots, request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        rows = OrderingFilter().filter_queryset(request, filterset.qs, self)
        page = self.paginate_queryset(rows)
        for snapshot in page:
            snapshot_prepare(snapshot)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("area", "admin_area", "source")
            .prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("source")))
        )


NOT_SERIALIZED = ("submitted_by", "reviewed_by")
MSG_AS_OF = "Use a date (YYYY-MM-DD) or a date and time (ISO 8601)."


def as_of_parse(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value) if len(value) == 10 else None
        if day is None:
            raise ValidationError({"as_of": [MSG_AS_OF]})
        parsed = dt.datetime.combine(day, dt.time.max)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)
    return parsed


def snapshot_prepare(snapshot) -> None:
    """Give a history snapshot what the record serializers read: its period and (no) further citations."""
    snapshot.period = period_format(snapshot.period_kind, snapshot.period_start, snapshot.period_end)
    snapshot.citations = Citation.objects.none()


def visible_for(user):
    """`visible(Model)` for selectors: what `user` may see of each reviewable model."""

    def visible(model):
        return model._default_manager.visible_to(user)

    return visible

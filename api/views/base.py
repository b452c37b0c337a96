"""Shared viewset behaviour: the public sees published records only."""

from django.db.models import Prefetch
from rest_framework import viewsets

from kb.models import Citation


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail; subclasses set queryset, serializer_class, filterset_class, ordering_fields."""


class ReviewableReadOnlyViewSet(ReadOnlyViewSet):
    """For reviewable records: staff see every status, everyone else published records only (404 otherwise)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class StatisticViewSet(ReviewableReadOnlyViewSet):
    """List and detail of one statistics resource; `figures=all` adds competing figures."""

    ordering_fields = ["period_start", "period_end", "year", "area__name"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("area", "admin_area", "source")
            .prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("source")))
        )


def visible_for(user):
    """`visible(Model)` for selectors: what `user` may see of each reviewable model."""

    def visible(model):
        return model._default_manager.visible_to(user)

    return visible

"""Shared viewset behaviour: the public sees published records only."""

from rest_framework import viewsets


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail; subclasses set queryset, serializer_class, filterset_class, ordering_fields."""


class ReviewableReadOnlyViewSet(ReadOnlyViewSet):
    """For reviewable records: staff see every status, everyone else published records only (404 otherwise)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

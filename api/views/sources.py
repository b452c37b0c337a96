from api.filters.sources import SourceFilterSet
from api.serializers.sources import SourceSerializer
from api.views.base import ReadOnlyViewSet
from kb.models import Source


class SourceViewSet(ReadOnlyViewSet):
    """Reports, articles, records and datasets that figures cite."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = ["published_on", "title"]
    lookup_field = "slug"

from drf_spectacular.utils import extend_schema, extend_schema_view

from api.filters.sources import SourceFilterSet
from api.serializers.sources import SourceSerializer
from api.views.base import ReadOnlyViewSet
from api.views.mixins.writes import IF_MATCH, SubmitMixin
from kb.models import Source


@extend_schema_view(update=extend_schema(parameters=[IF_MATCH]), partial_update=extend_schema(parameters=[IF_MATCH]))
class SourceViewSet(SubmitMixin, ReadOnlyViewSet):
    """Reports, articles, records and datasets that figures cite; partners may add the sources they cite."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = ["published_on", "title"]
    lookup_field = "slug"

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

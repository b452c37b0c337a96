from api.filters.programmes import ProgrammeFilterSet
from api.serializers.programmes import ProgrammeSerializer
from api.views.base import ReviewableReadOnlyViewSet
from api.views.treaties import CITATIONS
from kb.models import Programme


class ProgrammeViewSet(ReviewableReadOnlyViewSet):
    """Named programmes such as East Shield: kind, dates, extent, budget."""

    queryset = Programme.objects.select_related("area", "lead_organisation", "source").prefetch_related(CITATIONS)
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet
    ordering_fields = ["name", "started_on", "planned_end_on"]
    lookup_field = "slug"

from drf_spectacular.utils import extend_schema, extend_schema_view

from api.filters.programmes import ProgrammeFilterSet, ProgrammeFinancingFilterSet, ProgrammeMilestoneFilterSet
from api.serializers.milestones import ProgrammeMilestoneSerializer
from api.serializers.programmes import ProgrammeFinancingSerializer, ProgrammeSerializer
from api.views.base import CITATIONS, ReviewableReadOnlyViewSet
from api.views.mixins.writes import IF_MATCH, SubmitMixin
from kb.models import Programme, ProgrammeFinancing, ProgrammeMilestone


@extend_schema_view(update=extend_schema(parameters=[IF_MATCH]), partial_update=extend_schema(parameters=[IF_MATCH]))
class ProgrammeViewSet(SubmitMixin, ReviewableReadOnlyViewSet):
    """Named programmes such as East Shield: kind, dates, extent, budget."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    json_lines = True
    queryset = Programme.objects.select_related("area", "lead_organisation", "source").prefetch_related(CITATIONS)
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet
    ordering_fields = ["id", "name", "started_on", "planned_end_on"]
    lookup_field = "slug"


class ProgrammeFinancingViewSet(ReviewableReadOnlyViewSet):
    """Who finances which programme (or a state's forces at large): instrument, amount, date, source."""

    queryset = ProgrammeFinancing.objects.select_related("area", "programme", "financier", "source").prefetch_related(
        CITATIONS
    )
    serializer_class = ProgrammeFinancingSerializer
    filterset_class = ProgrammeFinancingFilterSet
    ordering_fields = ["id", "date", "amount"]


class ProgrammeMilestoneViewSet(ReviewableReadOnlyViewSet):
    """Dated steps of programmes (announced, construction started, completion planned), with their sources."""

    queryset = ProgrammeMilestone.objects.select_related("programme", "source").prefetch_related(CITATIONS)
    serializer_class = ProgrammeMilestoneSerializer
    filterset_class = ProgrammeMilestoneFilterSet
    ordering_fields = ["id", "date"]

from api.filters.obligations import TreatyObligationFilterSet
from api.serializers.obligations import TreatyObligationSerializer
from api.views.base import CITATIONS, ReviewableReadOnlyViewSet
from kb.models import TreatyObligation


class TreatyObligationViewSet(ReviewableReadOnlyViewSet):
    """States' treaty deadlines, extension requests, declared completion and transparency reports, each cited."""

    queryset = TreatyObligation.objects.select_related("treaty", "area", "source").prefetch_related(CITATIONS)
    serializer_class = TreatyObligationSerializer
    filterset_class = TreatyObligationFilterSet
    ordering_fields = ["id", "deadline", "area__name", "article", "kind", "year_covered"]

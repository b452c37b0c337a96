from rest_framework.decorators import action

from api.filters.reference import AdminAreaFilterSet, AreaFilterSet, OrganisationFilterSet
from api.serializers.reference import AdminAreaSerializer, AreaSerializer, OrganisationSerializer
from api.views.base import ReadOnlyViewSet
from api.views.profiles import ProfileQuerySerializer, profile_response, profile_schema
from kb.models import AdminArea, Area, Organisation


class AreaViewSet(ReadOnlyViewSet):
    """Countries (ISO 3166-1 alpha-3), areas without an ISO code, and aggregates such as the world."""

    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet
    ordering_fields = ["name", "code"]
    lookup_field = "code"
    lookup_url_kwarg = "iso3"
    query_parameters = {"profile": ProfileQuerySerializer}

    @profile_schema
    @action(detail=True)
    def profile(self, request, iso3=None):
        """One country across every area: treaty status, latest figures with sources, casualty series, production,
        programmes and funding. Published figures only for the public."""
        return profile_response(request, self.get_object())


class AdminAreaViewSet(ReadOnlyViewSet):
    """Subnational administrative areas, by humanitarian p-code."""

    queryset = AdminArea.objects.select_related("area", "parent")
    serializer_class = AdminAreaSerializer
    filterset_class = AdminAreaFilterSet
    ordering_fields = ["pcode", "name", "level"]
    lookup_field = "pcode"


class OrganisationViewSet(ReadOnlyViewSet):
    """Operators, producers, donors, publishers and government bodies."""

    queryset = Organisation.objects.select_related("country")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "kind"]

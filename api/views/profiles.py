"""Views that combine every area of the knowledge base: country profiles and the coverage matrix."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from api.filters.base import area_filter
from api.params import StrictQueryParametersMixin
from api.permissions import ReadOnly
from api.serializers.profiles import CountryProfileSerializer, CoverageSerializer
from api.views.base import visible_for
from kb.selectors.coverage import coverage_matrix_get
from kb.selectors.profiles import country_profile_get


class ProfileQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        default=dt.date.today,
        help_text=_("Treaty status as of this date (YYYY-MM-DD); default today."),
        error_messages={"invalid": _("Date has the wrong format: use YYYY-MM-DD.")},
    )


def profile_response(request, area):
    query = ProfileQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    profile = country_profile_get(area=area, visible=visible_for(request.user), on=query.validated_data["on"])
    return Response(CountryProfileSerializer(profile).data)


profile_schema = extend_schema(parameters=[ProfileQuerySerializer], responses=CountryProfileSerializer)


class CoverageQuerySerializer(serializers.Serializer):
    year__gte = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
    year__lte = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
    area = serializers.CharField(required=False, help_text=_("ISO3 code: only this area."))

    def validate_area(self, value):
        field = area_filter().field
        return field.clean(value)


class CoverageViewSet(StrictQueryParametersMixin, viewsets.ViewSet):
    """Area-by-year matrix of which statistics exist, so staff see what is missing."""

    permission_classes = [ReadOnly]
    query_parameters = {"list": CoverageQuerySerializer}
    list_returns_object = True

    @extend_schema(
        parameters=[
            OpenApiParameter("year__gte", int),
            OpenApiParameter("year__lte", int),
            OpenApiParameter("area", str, description="ISO3 code."),
        ],
        responses=CoverageSerializer,
    )
    def list(self, request):
        query = CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        matrix = coverage_matrix_get(
            visible=visible_for(request.user),
            year_from=params.get("year__gte"),
            year_to=params.get("year__lte"),
            area=params.get("area"),
        )
        return Response(CoverageSerializer(matrix).data)

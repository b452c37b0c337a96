"""Views that combine every area of the knowledge base: country profiles and the coverage matrix."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from api.caching import ComputedConditionalMixin
from api.filters.base import area_filter
from api.params import AsOfQuerySerializer, StrictQueryParametersMixin
from api.permissions import ReadOnly
from api.serializers.profiles import CountryProfileSerializer, CoverageSerializer
from api.serializers.treaties import treaty_code_field
from api.views.mixins.visibility import visible_at
from kb.models import CoverageList
from kb.selectors.coverage import (
    UNIVERSES,
    coverage_matrix_get,
    coverage_reported_years,
    coverage_rows_tidy,
    coverage_universe_areas,
)
from kb.selectors.profiles import country_profile_get
from kb.services.history import snapshot_prepare


class ProfileQuerySerializer(AsOfQuerySerializer):
    on = serializers.DateField(
        default=dt.date.today,
        help_text=_("Treaty status as of this date (YYYY-MM-DD); default today, or the as_of day."),
        error_messages={"invalid": _("Date has the wrong format: use YYYY-MM-DD.")},
    )


def profile_response(request, area):
    query = ProfileQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    as_of = query.validated_data.get("as_of")
    profile = country_profile_get(area=area, visible=visible_at(request, as_of), on=query.validated_data["on"])
    if as_of is not None:
        for records in vars(profile).values():
            for snapshot in records if isinstance(records, list) else ():
                snapshot_prepare(snapshot)
    return Response(CountryProfileSerializer(profile).data)


profile_schema = extend_schema(parameters=[ProfileQuerySerializer], responses=CountryProfileSerializer)


class CoverageQuerySerializer(AsOfQuerySerializer):
    year__gte = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
    year__lte = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
    area = serializers.CharField(required=False, help_text=_("ISO3 code: only this area."))
    universe = serializers.ChoiceField(
        choices=UNIVERSES,
        default="data",
        help_text=_(
            "The areas expected to have data: data (those that have some), all-states, states-parties (of `treaty` "
            "on `on`), contaminated (each year, the states and other areas a source reports as contaminated, with "
            "the checked statistics they lack), list (the staff-kept list `list`)."
        ),
    )
    treaty = treaty_code_field()
    on = serializers.DateField(
        required=False,
        help_text=_("With universe=states-parties: the date (YYYY-MM-DD); default today, or the as_of day."),
    )
    list = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=CoverageList.objects.all(),
        required=False,
        help_text=_("With universe=list: the coverage list's slug."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treaty"].required = False

    def validate_area(self, value):
        field = area_filter().field
        return field.clean(value)


class CoverageViewSet(StrictQueryParametersMixin, ComputedConditionalMixin, viewsets.ViewSet):
    """Area-by-year matrix of which statistics exist against a universe of areas expected to have data, so staff see
    what is missing; CSV and HXL give one row per area, year and statistic."""

    permission_classes = [ReadOnly]
    query_parameters = {"list": CoverageQuerySerializer}
    list_returns_object = True

    @extend_schema(parameters=[CoverageQuerySerializer], responses=CoverageSerializer)
    def list(self, request):
        query = CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        visible = visible_at(request, params.get("as_of"))
        universe = coverage_universe_areas(
            universe=params["universe"],
            visible=visible,
            treaty=params.get("treaty"),
            on=params.get("on"),
            coverage_list=params.get("list"),
        )
        years = {"year_from": params.get("year__gte"), "year_to": params.get("year__lte")}
        reported = None
        if params["universe"] == "contaminated":
            reported = coverage_reported_years(visible=visible, **years)
        matrix = coverage_matrix_get(
            visible=visible, area=params.get("area"), universe=universe, reported=reported, **years
        )
        if request.accepted_renderer.format in ("csv", "hxl"):
            return Response(coverage_rows_tidy(matrix))
        return Response(CoverageSerializer(matrix).data)

"""Filters for hazard areas and land-release activities (mirrors kb/models/hazards.py), spatial ones included."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from api.filters.base import IntegerFilter, RecordIdFilterMixin, area_filter, organisation_filter, source_filter
from api.filters.lists import UpperCaseCharFilter
from kb.choices import (
    DeviceTypeChoices,
    HazardClassChoices,
    HazardStatusChoices,
    ReleaseMethodChoices,
    ReleaseOutcomeChoices,
    ReviewStatusChoices,
)
from kb.models import AdminArea, Area, HazardArea, LandReleaseActivity
from kb.services.geometry import bbox_parse, filter_geometry_parse

MSG_UNKNOWN_PLACE = _("Unknown country code or admin area p-code '{value}'.")


def _spatial(parse, name: str, text: str):
    try:
        return parse(text=text)
    except DjangoValidationError as error:
        raise ValidationError({name: error.messages}) from None


class MappedRecordFilterSet(RecordIdFilterMixin):
    area = area_filter()
    pcode = UpperCaseCharFilter(field_name="admin_area__pcode", help_text=_("Admin area p-code."))
    operator = organisation_filter("operator")
    source = source_filter()
    reference = django_filters.CharFilter(help_text=_("The identifier in the field system."))
    status = django_filters.ChoiceFilter(
        choices=ReviewStatusChoices.choices, help_text=_("Review status (staff and partners see more than published).")
    )
    bbox = django_filters.CharFilter(
        method="filter_bbox",
        help_text=_("west,south,east,north in WGS 84 degrees: polygons that touch this box."),
    )
    intersects = django_filters.CharFilter(
        method="filter_intersects",
        help_text=_("A geometry as WKT (EWKT with another SRID) or GeoJSON: polygons that intersect it."),
    )
    within = django_filters.CharFilter(
        method="filter_within",
        help_text=_(
            "A country code (ISO3) or an admin area p-code: polygons recorded in it (p-codes include the admin "
            "areas below, whose p-codes start with it)."
        ),
    )

    COMMON = ["id", "area", "pcode", "within", "bbox", "intersects", "operator", "source", "reference", "status"]

    def filter_bbox(self, queryset, name, value):
        # The box's `&&` beside ST_Intersects (which implies it) selects the same rows; PostgreSQL then expects few
        # rows and joins a page's countries by hash rather than walking them in name order (docs/performance.md).
        box = _spatial(bbox_parse, name, value)
        return queryset.filter(geometry__intersects=box, geometry__bboverlaps=box)

    def filter_intersects(self, queryset, name, value):
        return queryset.filter(geometry__intersects=_spatial(filter_geometry_parse, name, value))

    def filter_within(self, queryset, name, value):
        code = value.strip().upper()
        if Area.objects.filter(code=code).exists():
            return queryset.filter(area__code=code)
        if AdminArea.objects.filter(pcode=code).exists():
            return queryset.filter(Q(admin_area__pcode__startswith=code))
        raise ValidationError({name: [MSG_UNKNOWN_PLACE.format(value=value)]})


class HazardAreaFilterSet(MappedRecordFilterSet):
    hazard_class = django_filters.ChoiceFilter(choices=HazardClassChoices.choices)
    contamination_type = django_filters.ChoiceFilter(choices=DeviceTypeChoices.choices)
    hazard_status = django_filters.ChoiceFilter(choices=HazardStatusChoices.choices)

    class Meta:
        model = HazardArea
        fields = [*MappedRecordFilterSet.COMMON, "hazard_class", "contamination_type", "hazard_status"]


class LandReleaseActivityFilterSet(MappedRecordFilterSet):
    method = django_filters.ChoiceFilter(choices=ReleaseMethodChoices.choices)
    outcome = django_filters.ChoiceFilter(choices=ReleaseOutcomeChoices.choices)
    hazard_area = IntegerFilter(method="filter_hazard_area", help_text=_("A hazard area's id."))

    class Meta:
        model = LandReleaseActivity
        fields = [*MappedRecordFilterSet.COMMON, "method", "outcome", "hazard_area"]

    def filter_hazard_area(self, queryset, name, value):
        # Only a hazard area the requester may see: an unpublished one's links are not told.
        visible = HazardArea.objects.visible_to(getattr(self.request, "user", None)).filter(pk=value)
        return queryset.filter(hazard_areas__in=visible)

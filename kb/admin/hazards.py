"""Admin for hazard areas and land-release activities: geometry as WKT or GeoJSON text, with a drawn preview.

The preview is an inline SVG drawn on the server, so the form works offline and under the site's
Content-Security-Policy (no map library or tile server from another host)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kb.admin.base import CitationInline, ReviewableAdmin
from kb.admin.workflow import VersionCheckedForm, WorkflowAdminMixin
from kb.models import HazardArea, LandReleaseActivity
from kb.services.geometry import geometry_parse, multipolygon_from

MSG_INVALID = _("The geometry is not valid: {reason}.")
PREVIEW_SIZE = 320


class GeometryTextField(forms.CharField):
    """A MultiPolygon typed or pasted as WKT/EWKT or a GeoJSON geometry; a Polygon is accepted and promoted."""

    widget = forms.Textarea(attrs={"rows": 6, "cols": 100, "spellcheck": "false"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        geometry = multipolygon_from(geometry=geometry_parse(text=value))
        if not geometry.valid:
            raise ValidationError(MSG_INVALID.format(reason=geometry.valid_reason))
        return geometry


class MappedRecordForm(VersionCheckedForm):
    geometry = GeometryTextField(
        label=_("geometry"),
        help_text=_(
            "WKT such as MULTIPOLYGON(((30.5 50.4, 30.6 50.4, 30.6 50.5, 30.5 50.4))) or a GeoJSON geometry, in "
            "WGS 84 longitude/latitude unless an SRID is given (SRID=32636;POLYGON(...))."
        ),
    )


def svg_preview(geometry) -> str:
    """The polygons drawn to fit a square, north up (SVG's y axis points down, latitude up)."""
    if geometry is None or geometry.empty:
        return "-"
    xmin, ymin, xmax, ymax = geometry.extent
    span = max(xmax - xmin, ymax - ymin) or 1.0
    paths = []
    for polygon in geometry:
        for ring in polygon:
            points = " L ".join(f"{x - xmin:.7f} {ymax - y:.7f}" for x, y in ring.coords)
            paths.append(f"M {points} Z")
    return format_html(
        '<svg role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}" class="kb-geometry-preview">'
        '<path d="{}" fill="#d9534f" fill-opacity="0.4" fill-rule="evenodd" stroke="#a52a2a" '
        'vector-effect="non-scaling-stroke" stroke-width="1.5"/></svg>',
        _("Outline of the geometry"),
        PREVIEW_SIZE,
        PREVIEW_SIZE,
        f"{span:.7f}",
        f"{span:.7f}",
        " ".join(paths),
    )


class MappedRecordAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    """Review actions and history like every record; polygons come in through kb_import_geo or this form."""

    form = MappedRecordForm
    list_select_related = ["area", "admin_area", "operator", "source"]
    search_fields = ["reference", "name", "area__name", "area__code"]
    autocomplete_fields = ["area", "admin_area", "operator", "source"]
    inlines = [CitationInline]
    place_fields = ["area", "admin_area", "reference", "name", "operator"]
    shape_fields = ["geometry", "geometry_preview", "reported_area_m2", "computed_area_m2"]

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            *ReviewableAdmin.review_readonly_fields,
            "geometry_preview",
            "computed_area_m2",
        ]

    @admin.display(description=_("preview"))
    def geometry_preview(self, obj):
        return svg_preview(obj.geometry if obj else None)

    @admin.display(description=_("computed area (m²)"), ordering="computed_area_m2")
    def computed_area(self, obj):
        return f"{obj.computed_area_m2:,.0f}" if obj.computed_area_m2 is not None else "-"

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": self.place_fields}),
            (None, {"fields": list(self.model.detail_fields)}),
            (_("Geometry"), {"fields": self.shape_fields}),
            (None, {"fields": ["notes"]}),
            ReviewableAdmin.citation_fieldset,
            ReviewableAdmin.review_fieldset,
            ReviewableAdmin.change_fieldset,
        ]


@admin.register(HazardArea)
class HazardAreaAdmin(MappedRecordAdmin):
    list_display = [
        "__str__",
        "area",
        "admin_area",
        "hazard_class",
        "contamination_type",
        "hazard_status",
        "reported_area_m2",
        "computed_area",
        "status",
    ]
    list_filter = ["status", "hazard_class", "contamination_type", "hazard_status"]


@admin.register(LandReleaseActivity)
class LandReleaseActivityAdmin(MappedRecordAdmin):
    list_display = ["__str__", "area", "method", "outcome", "completed_on", "computed_area", "status"]
    list_filter = ["status", "method", "outcome"]
    autocomplete_fields = [*MappedRecordAdmin.autocomplete_fields, "hazard_areas"]

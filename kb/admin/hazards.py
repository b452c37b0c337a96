"""Admin for hazard areas and land-release activities: geometry as WKT or GeoJSON text, with a map and a preview.

The map edits the text (kb/static/kb/maps/editor.js writes every edit into it as GeoJSON), so a geometry drawn on the
map is checked, reprojected and saved as typed text is. The map is the site's own MapLibre (kb/static/kb/maps/,
vendored) over the offline basemap, and the preview an inline SVG drawn on the server (for a browser without
JavaScript or WebGL): the form works offline and under the site's Content-Security-Policy (no map library or tile
server from another host)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kb.admin.base import CitationInline, ReviewableAdmin
from kb.admin.filters import AREA_NAME_SEARCH, AutocompleteFilter
from kb.admin.search import RelatedSearchMixin
from kb.admin.workflow import VersionCheckedForm, WorkflowAdminMixin
from kb.models import Area, HazardArea, LandReleaseActivity, Source
from kb.services.geometry import geometry_parse, multipolygon_from
from kb.services.imports import ImportRejected
from kb.services.imports.geo import geo_import_content
from kb.services.imports.geo_read import GEO_SUFFIXES
from kb.services.synthetic_hazards import SOURCE_SLUG as SYNTHETIC_SOURCE

MSG_INVALID = _("The geometry is not valid: {reason}.")
MSG_IMPORTED = _("Imported %(count)d records from %(file)s as drafts.")
MSG_HAZARD_ELSEWHERE = _("These hazard areas are not in {country}: {hazards}.")
PREVIEW_SIZE = 320


class GeometryMapWidget(forms.Textarea):
    """The text area, and under it a map of the geometry it holds (hidden without JavaScript)."""

    template_name = "admin/kb/widgets/geometry_map.html"

    class Media:
        css = {"all": ["kb/maps/vendor/maplibre-gl.css", "kb/admin-forms.css"]}
        js = [forms.Script("kb/maps/maps.js", type="module")]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["geojson"] = _geojson(value)
        context["widget"]["synthetic"] = getattr(self, "synthetic", False)
        return context


def _geojson(value) -> str | None:
    """The geometry as GeoJSON in WGS 84, whether the form holds a geometry or the text a user typed."""
    if value in (None, ""):
        return None
    try:
        geometry = value if hasattr(value, "geojson") else geometry_parse(text=str(value))
        if geometry.srid not in (None, 4326):
            geometry = geometry.transform(4326, clone=True)
    except (ValueError, ValidationError, GEOSException, GDALException):
        return None  # the form says what is wrong with the text; the map shows nothing
    return None if geometry.empty else geometry.geojson


class GeometryTextField(forms.CharField):
    """A MultiPolygon typed or pasted as WKT/EWKT or a GeoJSON geometry; a Polygon is accepted and promoted."""

    widget = GeometryMapWidget(attrs={"rows": 6, "cols": 100, "spellcheck": "false"})

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
            "WGS 84 longitude/latitude unless an SRID is given (SRID=32636;POLYGON(...)). Or draw and edit it on "
            "the map below, which writes it here as GeoJSON."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = getattr(self.instance, "source", None) if self.instance.pk else None
        # kb_seed_hazards' demo polygons are labelled on the map as everywhere they show.
        self.fields["geometry"].widget.synthetic = getattr(source, "slug", None) == SYNTHETIC_SOURCE


class LandReleaseActivityForm(MappedRecordForm):
    def clean(self):
        """An activity releases land from hazard areas of its own country, as the GIS import requires."""
        cleaned = super().clean()
        area, hazards = cleaned.get("area"), cleaned.get("hazard_areas")
        elsewhere = [str(hazard) for hazard in hazards or () if area is not None and hazard.area_id != area.pk]
        if elsewhere:
            self.add_error("hazard_areas", MSG_HAZARD_ELSEWHERE.format(country=area, hazards=", ".join(elsewhere)))
        return cleaned


class GeoImportForm(forms.Form):
    file = forms.FileField(
        label=_("GIS file"),
        help_text=_("GeoJSON, GeoPackage, zipped Shapefile or KML, in any coordinate reference system."),
    )
    source = forms.ModelChoiceField(
        label=_("source"), queryset=Source.objects.all(), help_text=_("The source every feature cites.")
    )
    country = forms.ModelChoiceField(
        label=_("country or area"),
        queryset=Area.objects.all(),
        required=False,
        help_text=_("For features without a country_code attribute."),
    )
    repair = forms.BooleanField(
        label=_("repair invalid geometries"), required=False, initial=True, help_text=_("Otherwise they are rejected.")
    )
    preview = forms.BooleanField(
        label=_("preview only"), required=False, initial=True, help_text=_("Check every feature; write nothing.")
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


class MappedRecordAdmin(RelatedSearchMixin, WorkflowAdminMixin, admin.ModelAdmin):
    """Review actions and history like every record; polygons come in through kb_import_geo or this form."""

    form = MappedRecordForm
    list_select_related = ["area", "admin_area", "operator", "source"]
    search_fields = ["reference", "name", *AREA_NAME_SEARCH, "area__code"]
    autocomplete_fields = ["area", "admin_area", "operator", "source"]
    inlines = [CitationInline]
    place_fields = ["area", "admin_area", "reference", "name", "operator"]
    shape_fields = ["geometry", "geometry_preview", "reported_area_m2", "computed_area_m2"]

    change_list_template = "admin/kb/mapped_change_list.html"

    def get_urls(self):
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}_import_gis"
        return [path("import-gis/", self.admin_site.admin_view(self.import_gis_view), name=name), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"can_import": self.has_add_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def import_gis_view(self, request):
        """Upload, preview (every feature checked, nothing written), then import the same file for real."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = GeoImportForm(request.POST or None, request.FILES or None)
        result, issues = None, []
        if request.method == "POST" and form.is_valid():
            upload, data = form.cleaned_data["file"], form.cleaned_data
            try:
                result = geo_import_content(
                    resource=self.geo_resource,
                    content=upload.read(),
                    filename=upload.name,
                    source=data["source"],
                    country=data["country"],
                    repair=data["repair"],
                    dry_run=data["preview"],
                    by=request.user,
                )
            except ImportRejected as rejected:
                issues = [str(issue) for issue in rejected.issues]
            if result is not None and not result.dry_run:
                message = MSG_IMPORTED % {"count": result.count, "file": upload.name}
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse(f"admin:kb_{self.model._meta.model_name}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import %(things)s from a GIS file") % {"things": self.model._meta.verbose_name_plural},
            "form": form,
            "opts": self.model._meta,
            "result": result,
            "issues": issues,
            "suffixes": ", ".join(GEO_SUFFIXES),
        }
        return TemplateResponse(request, "admin/kb/geo_import.html", context)

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            *ReviewableAdmin.review_readonly_fields,
            "geometry_map",
            "geometry_preview",
            "computed_area_m2",
        ]

    @admin.display(description=_("preview"))
    def geometry_preview(self, obj):
        return svg_preview(obj.geometry if obj else None)

    @admin.display(description=_("map"))
    def geometry_map(self, obj):
        """The view-only map, for whoever may see the record but not change it (the form's widget is not shown)."""
        synthetic = getattr(getattr(obj, "source", None), "slug", None) == SYNTHETIC_SOURCE
        context = {"map_id": "geometry", "geojson": _geojson(obj.geometry if obj else None), "synthetic": synthetic}
        return render_to_string("admin/kb/widgets/geometry_map_view.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if "geometry" not in context["adminform"].form.fields:  # view-only: the map's scripts without its widget
            context["media"] = context["media"] + GeometryMapWidget().media
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("computed area (m²)"), ordering="computed_area_m2")
    def computed_area(self, obj):
        return f"{obj.computed_area_m2:,.0f}" if obj.computed_area_m2 is not None else "-"

    def get_fieldsets(self, request, obj=None):
        shape_fields = self.shape_fields
        if obj is not None and not self.has_change_permission(request, obj):
            shape_fields = ["geometry", "geometry_map", *shape_fields[1:]]
        return [
            (None, {"fields": self.place_fields}),
            (None, {"fields": list(self.model.detail_fields)}),
            (_("Geometry"), {"fields": shape_fields}),
            (None, {"fields": ["notes"]}),
            ReviewableAdmin.citation_fieldset,
            ReviewableAdmin.review_fieldset,
            ReviewableAdmin.change_fieldset,
        ]


@admin.register(HazardArea)
class HazardAreaAdmin(MappedRecordAdmin):
    geo_resource = "hazard-areas"
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
    list_filter = [
        "status",
        "hazard_class",
        "contamination_type",
        "hazard_status",
        ("area", AutocompleteFilter),
    ]


@admin.register(LandReleaseActivity)
class LandReleaseActivityAdmin(MappedRecordAdmin):
    geo_resource = "land-release-activities"
    form = LandReleaseActivityForm
    list_display = ["__str__", "area", "method", "outcome", "completed_on", "computed_area", "status"]
    list_filter = ["status", "method", "outcome", ("area", AutocompleteFilter)]
    autocomplete_fields = [*MappedRecordAdmin.autocomplete_fields, "hazard_areas"]

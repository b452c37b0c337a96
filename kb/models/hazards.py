"""Hazard areas and land-release activities as polygons (IMAS 07.11; GICHD Minimum Data Requirements).

Unlike the statistics, one row is one place on the map: a hazardous area's perimeter, or the land one survey or
clearance task released. Geometries are stored in WGS 84 (EPSG:4326); areas are computed on the spheroid."""

import pghistory
import pgtrigger
from django.contrib.gis.db import models as gis_models
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from kb.choices import (
    DeviceTypeChoices,
    HazardClassChoices,
    HazardStatusChoices,
    ReleaseMethodChoices,
    ReleaseOutcomeChoices,
)
from kb.models.base import MSG_ADMIN_AREA_OUTSIDE, CitedModel, ReviewableModel, choices_constraint, feed_index
from kb.models.dependencies import link_triggers, linked_activities_trigger
from kb.models.fields import ProseField, choice_field, figure_field, optional_field, reference_field

MSG_DATES_ORDER = _("The activity ends before it starts.")
MSG_METHOD_OUTCOME = _(
    "A non-technical survey cancels land, a technical survey reduces or clears it, and clearance clears it."
)


def geodesic_area() -> Func:
    """Square metres on the WGS 84 spheroid: ST_Area on the geography (immutable, so a stored generated column)."""
    return Func(
        F("geometry"),
        function="ST_Area",
        template="%(function)s(%(expressions)s::geography)",
        output_field=models.FloatField(),
    )


class MappedRecord(ReviewableModel, CitedModel):
    """A reviewed, cited polygon in a country (and optionally an admin area), with its reported and computed area."""

    area = reference_field("kb.Area", _("country or area"))
    admin_area = reference_field("kb.AdminArea", _("admin area"), optional=True)
    reference = models.CharField(
        verbose_name=_("reference"),
        max_length=100,
        blank=True,
        help_text=_("The identifier in the field system the polygon came from, e.g. an IMSMA hazard ID."),
    )
    name = models.CharField(
        verbose_name=_("name"),
        max_length=200,
        blank=True,
    )
    operator = reference_field("kb.Organisation", _("operator"), optional=True)
    geometry = gis_models.MultiPolygonField(
        verbose_name=_("geometry"),
        srid=4326,
        help_text=_("The perimeter, in WGS 84 longitude/latitude (EPSG:4326)."),
    )
    reported_area_m2 = figure_field(
        _("reported area (m²)"),
        big=True,
        help_text=_("The area the source states, which may differ from the polygon's."),
    )
    computed_area_m2 = models.GeneratedField(
        verbose_name=_("computed area (m²)"),
        expression=geodesic_area(),
        output_field=models.FloatField(),
        db_persist=True,
    )
    notes = ProseField(
        verbose_name=_("notes"),
        blank=True,
    )

    class Meta(ReviewableModel.Meta):
        abstract = True
        constraints = [
            *ReviewableModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["area", "reference"],
                condition=~Q(reference=""),
                name="%(app_label)s_%(class)s_one_per_reference",
                violation_error_message=_("This country already has a polygon with this reference."),
            ),
            models.CheckConstraint(
                condition=Func(F("geometry"), function="ST_IsValid", output_field=models.BooleanField()),
                name="%(app_label)s_%(class)s_geometry_valid",
                violation_error_message=_("The geometry is not valid (it crosses itself or is not closed)."),
            ),
        ]

    def clean(self):
        if self.admin_area_id and self.area_id and self.admin_area.area_id != self.area_id:
            raise ValidationError(
                {"admin_area": MSG_ADMIN_AREA_OUTSIDE.format(pcode=self.admin_area.pcode, area=self.area.code)}
            )


@pghistory.track(meta=feed_index("hazard"))
class HazardArea(MappedRecord):
    """A suspected or confirmed hazardous area: the perimeter of land believed or known to be contaminated."""

    # What this kind of polygon says beyond place and shape, in the order the admin and the API show it.
    detail_fields = ("hazard_class", "contamination_type", "hazard_status", "evidence", "recorded_on")

    hazard_class = choice_field(HazardClassChoices, _("hazard class"), max_length=8)
    contamination_type = choice_field(DeviceTypeChoices, _("contamination type"), max_length=24)
    hazard_status = choice_field(
        HazardStatusChoices, _("hazard status"), max_length=16, default=HazardStatusChoices.OPEN
    )
    evidence = ProseField(
        verbose_name=_("evidence"),
        blank=True,
        help_text=_("What the area's classification rests on: accidents, sightings, witness statements, survey."),
    )
    recorded_on = optional_field(
        models.DateField,
        _("recorded on"),
        help_text=_("When the area was surveyed or last updated in the field system."),
    )

    class Meta(MappedRecord.Meta):
        ordering = ["area__name", "reference", "id"]
        verbose_name = _("hazard area")
        verbose_name_plural = _("hazard areas")
        triggers = [*MappedRecord.Meta.triggers, linked_activities_trigger()]
        constraints = [
            *MappedRecord.Meta.constraints,
            choices_constraint("hazard_class", HazardClassChoices),
            choices_constraint("contamination_type", DeviceTypeChoices),
            choices_constraint("hazard_status", HazardStatusChoices),
        ]
        indexes = [
            # hazard-areas/?country=&within= (the geometry's GiST index serves bbox and intersects)
            models.Index(fields=["area", "admin_area"], name="kb_hazard_area_idx"),
        ]

    def __str__(self) -> str:
        return self.reference or self.name or f"{self.area_id}/{self.pk}"


@pghistory.track(meta=feed_index("release"))
class LandReleaseActivity(MappedRecord):
    """Land released by one non-technical survey, technical survey or clearance task, and what it found there."""

    detail_fields = (
        "method",
        "outcome",
        "hazard_areas",
        "started_on",
        "completed_on",
        "ap_mines_found",
        "av_mines_found",
        "improvised_mines_found",
        "submunitions_found",
        "other_erw_found",
    )

    method = choice_field(ReleaseMethodChoices, _("method"), max_length=16)
    outcome = choice_field(ReleaseOutcomeChoices, _("outcome"), max_length=16)
    hazard_areas = models.ManyToManyField(
        to=HazardArea,
        verbose_name=_("hazard areas"),
        related_name="release_activities",
        blank=True,
        help_text=_("The hazardous areas this activity released land from."),
    )
    started_on = optional_field(models.DateField, _("started on"))
    completed_on = optional_field(models.DateField, _("completed on"))
    ap_mines_found = figure_field(_("anti-personnel mines found"))
    av_mines_found = figure_field(_("anti-vehicle mines found"))
    improvised_mines_found = figure_field(_("improvised mines found"))
    submunitions_found = figure_field(_("cluster submunitions found"))
    other_erw_found = figure_field(_("other explosive remnants found"))

    class Meta(MappedRecord.Meta):
        ordering = ["area__name", "-completed_on", "id"]
        verbose_name = _("land release activity")
        verbose_name_plural = _("land release activities")
        constraints = [
            *MappedRecord.Meta.constraints,
            choices_constraint("method", ReleaseMethodChoices),
            choices_constraint("outcome", ReleaseOutcomeChoices),
            models.CheckConstraint(
                condition=Q(method=ReleaseMethodChoices.NON_TECHNICAL_SURVEY, outcome=ReleaseOutcomeChoices.CANCELLED)
                | Q(
                    method=ReleaseMethodChoices.TECHNICAL_SURVEY,
                    outcome__in=[ReleaseOutcomeChoices.REDUCED, ReleaseOutcomeChoices.CLEARED],
                )
                | Q(method=ReleaseMethodChoices.CLEARANCE, outcome=ReleaseOutcomeChoices.CLEARED),
                name="%(app_label)s_%(class)s_method_outcome",
                violation_error_message=MSG_METHOD_OUTCOME,
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(completed_on__isnull=True)
                | Q(completed_on__gte=F("started_on")),
                name="%(app_label)s_%(class)s_dates_order",
                violation_error_message=MSG_DATES_ORDER,
            ),
        ]
        indexes = [
            # land-release-activities/?country=&within=
            models.Index(fields=["area", "admin_area"], name="kb_release_area_idx"),
        ]

    def __str__(self) -> str:
        return self.reference or self.name or f"{self.area_id}/{self.pk}"


# Links between an activity and the hazard areas it released land from, in the history too: a link added or removed
# is an event of its own (the record's snapshot has no many-to-many column), shown in the activity's history.
pghistory.track(
    pghistory.InsertEvent("link.add"),
    pghistory.DeleteEvent("link.remove"),
    obj_field=None,
    model_name="LandReleaseActivityHazardAreaEvent",
)(LandReleaseActivity.hazard_areas.through)
for trigger in link_triggers():
    pgtrigger.register(trigger)(LandReleaseActivity.hazard_areas.through)


def link_triggers_step(install: bool, names: tuple[str, ...] | None = None):
    """A migration step (RunPython) that installs, or removes, the link table's triggers from the registry: all, or
    those `names`. Django keeps no migration state for an auto-created many-to-many table, so pgtrigger cannot
    migrate them."""

    def run(apps, schema_editor):
        through = LandReleaseActivity.hazard_areas.through
        for trigger in through._meta.triggers:
            if names is None or trigger.name in names:
                action = trigger.install if install else trigger.uninstall
                action(through, database=schema_editor.connection.alias)

    return run

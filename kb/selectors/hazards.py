"""Remaining contamination computed from the hazard polygons, beside the contamination figures sources report."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from kb.choices import HazardClassChoices, HazardStatusChoices
from kb.models import AdminArea, Area, ContaminationRecord, HazardArea
from kb.models.contamination import REPORTED_ONLY

# Closed areas are released land; what is open or being worked on still contaminates.
REMAINING_STATUSES = (HazardStatusChoices.OPEN, HazardStatusChoices.WORKED_ON)


@dataclass
class RemainingContamination:
    area: Area
    admin_area: AdminArea | None
    sha_polygons: int
    sha_computed_m2: float
    cha_polygons: int
    cha_computed_m2: float
    reported: ContaminationRecord | None  # the latest preferred figure (not a bare listing) for all contamination there

    @property
    def confirmed_difference_m2(self) -> float | None:
        """Confirmed area from the polygons minus the confirmed area the source reports."""
        if self.reported is None or self.reported.confirmed_m2 is None:
            return None
        return self.cha_computed_m2 - self.reported.confirmed_m2

    @property
    def suspected_difference_m2(self) -> float | None:
        if self.reported is None or self.reported.suspected_m2 is None:
            return None
        return self.sha_computed_m2 - self.reported.suspected_m2


def remaining_contamination_list(
    *, hazards: QuerySet[HazardArea], figures: QuerySet[ContaminationRecord], by_admin_area: bool
) -> list[RemainingContamination]:
    """Per country (or per admin area): the SHA and CHA polygons still open or worked on, their area on the
    spheroid, and the latest preferred reported figure (national, or of that admin area) with the difference. The
    polygons that name no admin area, grouped per admin area, have no figure to compare with."""
    keys = ["area", "admin_area"] if by_admin_area else ["area"]
    sha, cha = Q(hazard_class=HazardClassChoices.SHA), Q(hazard_class=HazardClassChoices.CHA)
    groups = list(
        hazards.filter(hazard_status__in=REMAINING_STATUSES)
        .values(*keys)
        .annotate(
            sha_polygons=Count("id", filter=sha),
            sha_m2=Sum("computed_area_m2", filter=sha, default=0.0),
            cha_polygons=Count("id", filter=cha),
            cha_m2=Sum("computed_area_m2", filter=cha, default=0.0),
        )
        .order_by(*keys)
    )
    area_ids = {group["area"] for group in groups}
    admin_ids = {group.get("admin_area") for group in groups} - {None}
    areas, admin_areas = Area.objects.in_bulk(area_ids), AdminArea.objects.in_bulk(admin_ids)
    latest = (
        figures.filter(is_preferred=True, device_type__isnull=True, area_id__in=area_ids)
        .exclude(REPORTED_ONLY)  # a listing without its extent has no area to compare
        # Per admin area, an admin area's own figure only: the national one covers the whole country, not the
        # polygons that name no admin area, so setting it beside them would make up a difference.
        .filter(Q(admin_area_id__in=admin_ids) if by_admin_area else Q(admin_area=None))
        .select_related("source")
        .order_by("area_id", "admin_area_id", "-period_end")
        .distinct("area_id", "admin_area_id")
    )
    reported = {(record.area_id, record.admin_area_id): record for record in latest}
    return [
        RemainingContamination(
            area=areas[group["area"]],
            admin_area=admin_areas.get(group.get("admin_area")),
            sha_polygons=group["sha_polygons"],
            sha_computed_m2=group["sha_m2"],
            cha_polygons=group["cha_polygons"],
            cha_computed_m2=group["cha_m2"],
            reported=reported.get((group["area"], group.get("admin_area"))),
        )
        for group in groups
    ]

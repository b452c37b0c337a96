"""What the public pages' maps show beside their tables (web/templates/web/_map_*.html, kb/static/kb/maps/maps.js).

The maps draw the vector tiles (kb/selectors/tiles.py); these are the same published records as rows, so that the
figures are there without JavaScript or a map, and the extent the country map opens on."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.gis.db.models import Extent
from django.db.models import QuerySet

from kb.models import Area, HazardArea, LandReleaseActivity
from kb.services.synthetic_hazards import SOURCE_SLUG as SYNTHETIC_SOURCE

HAZARD_ROWS = 100  # the table lists this many hazard areas; the API has them all


@dataclass
class HazardMap:
    bounds: list[float] | None = None  # west, south, east, north of every published polygon; None: nothing to map
    hazard_areas: list[HazardArea] = field(default_factory=list)
    hazard_count: int = 0
    activity_count: int = 0
    synthetic: bool = False  # some of them are synthetic demo polygons (kb_seed_hazards)

    @property
    def bounds_json(self) -> str:
        return json.dumps(self.bounds)


def _union(*extents) -> list[float] | None:
    boxes = [box for box in extents if box]
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def country_hazard_map_get(*, area: Area, visible: Callable[[type], QuerySet]) -> HazardMap:
    hazards = visible(HazardArea).filter(area=area)
    activities = visible(LandReleaseActivity).filter(area=area)
    result = HazardMap(hazard_count=hazards.count(), activity_count=activities.count())
    if not (result.hazard_count or result.activity_count):
        return result
    result.bounds = _union(
        hazards.aggregate(box=Extent("geometry"))["box"], activities.aggregate(box=Extent("geometry"))["box"]
    )
    result.hazard_areas = list(hazards.select_related("source").order_by("reference", "pk")[:HAZARD_ROWS])
    for record in result.hazard_areas:
        record.synthetic = record.source.slug == SYNTHETIC_SOURCE
    result.synthetic = (
        hazards.filter(source__slug=SYNTHETIC_SOURCE).exists()
        or activities.filter(source__slug=SYNTHETIC_SOURCE).exists()
    )
    return result

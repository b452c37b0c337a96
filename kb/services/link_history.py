"""History of many-to-many links (an activity and the hazard areas it released land from): each link added or removed
is an event row of its own (kb/models/hazards.py), which a record's history shows beside its own changes."""

from django.apps import apps
from django.db import models

from kb.models import HazardArea

# model -> (its column in the link table, the other side's column, the other model, the field shown)
LINKS = {
    "landreleaseactivity": ("landreleaseactivity", "hazardarea", "HazardArea", "hazard_areas"),
    "hazardarea": ("hazardarea", "landreleaseactivity", "LandReleaseActivity", "release_activities"),
}
LINK_LABELS = ("link.add", "link.remove")


def link_events(record: models.Model) -> list[tuple]:
    """(event, shown field, [before, after]) for every link of `record` added or removed, oldest first."""
    if record._meta.model_name not in LINKS:
        return []
    own, other, other_model, shown = LINKS[record._meta.model_name]
    event_model = apps.get_model("kb", "LandReleaseActivityHazardAreaEvent")
    events = list(
        event_model.objects.filter(**{f"{own}_id": record.pk})
        .select_related("pgh_context")
        .order_by("pgh_created_at", "pgh_id")
    )
    other_ids = {getattr(event, f"{other}_id") for event in events}
    names = {obj.pk: str(obj) for obj in apps.get_model("kb", other_model).objects.filter(pk__in=other_ids)}
    entries = []
    for event in events:
        name = names.get(getattr(event, f"{other}_id"), f"#{getattr(event, f'{other}_id')}")
        change = [None, name] if event.pgh_label == "link.add" else [name, None]
        entries.append((event, shown, change))
    return entries


def hazard_links_as_of(activity_ids, at) -> dict[int, list]:
    """The hazard areas (published snapshots, by reference) each of these activities was linked to at `at`: the
    links whose last event by then added them."""
    from kb.services.history import records_as_of  # (history imports this module)

    event_model = apps.get_model("kb", "LandReleaseActivityHazardAreaEvent")
    last = (
        event_model.objects.filter(landreleaseactivity_id__in=activity_ids, pgh_created_at__lte=at)
        .order_by("landreleaseactivity_id", "hazardarea_id", "-pgh_created_at", "-pgh_id")
        .distinct("landreleaseactivity_id", "hazardarea_id")
        .values_list("landreleaseactivity_id", "hazardarea_id", "pgh_label")
    )
    linked = [(activity, hazard) for activity, hazard, label in last if label == "link.add"]
    published = records_as_of(HazardArea, at).filter(pgh_obj_id__in={hazard for _, hazard in linked})
    snapshots = {snapshot.pgh_obj_id: snapshot for snapshot in published}
    links: dict[int, list] = {activity: [] for activity in activity_ids}
    for activity, hazard in linked:
        if hazard in snapshots:
            links[activity].append(snapshots[hazard])
    for hazards in links.values():
        hazards.sort(key=lambda snapshot: (snapshot.reference, snapshot.pgh_obj_id))
    return links

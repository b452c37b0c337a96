"""History of many-to-many links (an activity and the hazard areas it released land from): each link added or removed
is an event row of its own (kb/models/hazards.py), which a record's history shows beside its own changes."""

from django.apps import apps
from django.db import models

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

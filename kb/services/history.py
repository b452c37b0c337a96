"""History read from the trigger-written event tables (django-pghistory): per record, as of a date, per batch.

Every write carries a context: the acting user, the channel (admin, api, import, revert; none for the shell and
scripts), the import batch and the reason when one is given. kb/middleware.py and the import service set it.
"""

import datetime as dt
from dataclasses import dataclass, field

import pghistory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kb.choices import ReviewStatusChoices
from kb.models import Citation
from kb.periods import period_format, precise_date_format
from kb.services.link_history import link_events


def event_model_for(model: type[models.Model]) -> type[models.Model]:
    return apps.get_model(model._meta.app_label, f"{model.__name__}Event")


def tracked_models() -> list[type[models.Model]]:
    return [m for m in apps.get_app_config("kb").get_models() if _has_event_model(m)]


def _has_event_model(model) -> bool:
    try:
        event_model_for(model)
    except LookupError:
        return False
    return not model.__name__.endswith("Event")


@dataclass
class HistoryEntry:
    at: dt.datetime
    label: str  # insert / update / delete
    user: str
    channel: str
    batch: int | None
    reason: str
    transition: str
    changes: dict[str, list] = field(default_factory=dict)  # field -> [old, new]


def record_history_list(record: models.Model) -> list[HistoryEntry]:
    """Every change of one record, oldest first, with who, through which channel, and what changed (links to other
    records added or removed included)."""
    events = pghistory.models.Events.objects.tracks(record).order_by("pgh_created_at", "pgh_id")
    changes = [
        (event.pgh_created_at, 0, event.pgh_id, event.pgh_label, event.pgh_context or {}, _diff(event.pgh_diff))
        for event in events
    ]
    changes += [
        (event.pgh_created_at, 1, event.pgh_id, event.pgh_label, _metadata(event), {shown: change})
        for event, shown, change in link_events(record)
    ]
    changes.sort(key=lambda change: change[:3])
    user_ids = {context.get("user") for *_, context, _diff_ in changes if context.get("user")}
    usernames = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
    return [
        HistoryEntry(
            at=at,
            label=label,
            user=usernames.get(context.get("user"), ""),
            channel=context.get("channel") or ("admin" if str(context.get("url", "")).startswith("/admin/") else ""),
            batch=context.get("batch"),
            reason=context.get("reason") or "",
            transition=context.get("transition") or "",
            changes=diff,
        )
        for at, _order, _id, label, context, diff in changes
    ]


def _diff(diff) -> dict:
    return {k: v for k, v in (diff or {}).items() if k not in ("updated_at", "version")}


def _metadata(event) -> dict:
    return event.pgh_context.metadata if event.pgh_context_id else {}


def rows_as_of(model: type[models.Model], at: dt.datetime) -> models.QuerySet:
    """Snapshots (event rows) of every row of `model` that existed at `at`, whatever its status.

    The event rows carry every field of the record, so they filter and serialize like the records themselves.

    A row's snapshot is its newest event up to `at` (by time, then id: one transaction's events share a time): an
    event with no later one of the same row, which PostgreSQL answers from the events a list's filters select (by
    the history's indexes: area, geometry, row id). The same events were picked as `pgh_id IN (SELECT DISTINCT ON
    (pgh_obj_id) ...)`, which sorted the whole history on every request, and more than once where the planner took
    that set for 200 rows: a country's casualties as of a date took 8.5 s at 1,000,000 records (45 ms now), a box of
    hazard areas 26-33 s at 100,000 (58 ms)."""
    seen = event_model_for(model).objects.filter(pgh_created_at__lte=at)
    later = seen.filter(pgh_obj_id=OuterRef("pgh_obj_id")).filter(
        Q(pgh_created_at__gt=OuterRef("pgh_created_at"))
        | Q(pgh_created_at=OuterRef("pgh_created_at"), pgh_id__gt=OuterRef("pgh_id"))
    )
    return seen.filter(~Exists(later)).exclude(pgh_label="delete")


def records_as_of(model: type[models.Model], at: dt.datetime) -> models.QuerySet:
    """Snapshots of the records of `model` that were published at `at`."""
    return rows_as_of(model, at).filter(status=ReviewStatusChoices.PUBLISHED)


def snapshot_prepare(snapshot) -> None:
    """Give a history snapshot what the record serializers read: its period (statistics), its date label
    (milestones) and (no) further citations. Anything that is not a snapshot (a live record, a derived status) is
    left as it is."""
    if not hasattr(snapshot, "pgh_id"):
        return
    if hasattr(snapshot, "period_kind"):
        snapshot.period = period_format(snapshot.period_kind, snapshot.period_start, snapshot.period_end)
    if hasattr(snapshot, "date_precision"):
        snapshot.date_label = precise_date_format(snapshot.date, snapshot.date_precision)
    snapshot.citations = Citation.objects.none()


def _named_day(value: str) -> dt.date | None:
    """The day an `as_of` value names when it is a date alone, in any ISO 8601 form ("2026-12-03", "20261203");
    None for a date and time (parse_datetime reads a date alone too, as its midnight: the start of the day)."""
    if "T" in value.upper() or " " in value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def moment_parse(value: str) -> dt.datetime:
    """An `as_of` value: a date (the end of that day, UTC) or an ISO 8601 date and time (UTC if it names no zone).
    ValueError if it is neither."""
    day = _named_day(value)
    parsed = dt.datetime.combine(day, dt.time.max) if day is not None else parse_datetime(value)
    if parsed is None:
        raise ValueError(value)
    if timezone.is_naive(parsed):
        return timezone.make_aware(parsed, dt.UTC)
    try:  # in UTC: PostgreSQL refuses offsets beyond 15:59 that Python reads (+21:00)
        return parsed.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is before the first representable moment
        raise ValueError(value) from None


def moment_day(value: str) -> dt.date:
    """The calendar day an `as_of` value names, in the offset it was written with (UTC if none):
    `2026-12-03T23:30-05:00` is the 3rd, though it is the 4th in UTC. ValueError as moment_parse."""
    moment_parse(value)
    day = _named_day(value)
    return day if day is not None else parse_datetime(value).date()


def published_as_of(at: dt.datetime):
    """`visible(Model)` for selectors: the records of each model as published at `at` (history snapshots)."""

    def visible(model: type[models.Model]) -> models.QuerySet:
        return records_as_of(model, at)

    visible.as_of = at  # reference rows the answer reads (a treaty's record date) are taken as they stood then
    return visible

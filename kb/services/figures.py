"""Competing figures: one cell (area, period, breakdown), several sources, exactly one preferred.

Which figure of a cell the public sees is a reviewer's decision: a draft never takes the preference from a published
figure, changing the preference of published data needs the review permission, and publishing a figure gives it the
preference when no published figure of its cell holds it (so a draft that came first cannot hide it); retracting the
preferred figure hands the preference to the newest published edition of the cell."""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from kb.choices import ReviewStatusChoices
from kb.models.base import (
    PREFERENCE_REASON_FIRST,
    PREFERENCE_REASON_PUBLISHED,
    PREFERENCE_REASON_SUCCESSOR,
    StatisticalRecord,
)

MSG_NOT_SAVED = "Save the figure before marking it preferred."
MSG_PUBLISHED_PREFERRED = (
    "A published figure is the preferred one of this cell; only a reviewer changes that, after publishing this figure."
)
MSG_LOCKED_PREFERRED = (
    "A figure in review or retracted is the preferred one of this cell; only a reviewer changes that."
)
MSG_REVIEWERS_ONLY = "Only reviewers decide which figure of a cell is preferred."
MSG_REASON_REQUIRED = "Say why this figure should be the preferred one of its cell."


def figure_cell_filter(record: StatisticalRecord) -> dict:
    """Field lookups that select every figure in the record's cell (whatever the source)."""
    return {
        field if not _is_fk(record, field) else f"{field}_id": _value(record, field) for field in record.cell_fields
    }


def _is_fk(record, field: str) -> bool:
    return record._meta.get_field(field).is_relation


def _value(record, field: str):
    return getattr(record, f"{field}_id") if _is_fk(record, field) else getattr(record, field)


def figure_competitors(record: StatisticalRecord):
    """The other figures of the same cell."""
    queryset = type(record)._default_manager.filter(**figure_cell_filter(record))
    return queryset.exclude(pk=record.pk) if record.pk else queryset


def figure_demote(figures) -> None:
    """Take the preference from whichever of `figures` holds it; the reason goes with it (the history keeps both)."""
    figures.filter(is_preferred=True).update(is_preferred=False, preference_reason="", updated_at=timezone.now())


def _take_preference(record: StatisticalRecord, reason: str) -> None:
    changed = timezone.now()  # a bulk update skips auto_now: Last-Modified moves with the preference
    type(record)._default_manager.filter(pk=record.pk).update(
        is_preferred=True, preference_reason=reason, updated_at=changed
    )
    record.is_preferred, record.preference_reason, record.updated_at = True, reason, changed


def figure_cell_lock(record: StatisticalRecord) -> None:
    """Serialise decisions about one cell's preferred figure until the transaction ends. An advisory lock on the
    cell, not row locks: while a cell is still empty there is no row to lock, and two first figures would race."""
    key = "|".join([record._meta.db_table, *(str(v) for v in figure_cell_filter(record).values())])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _reviewer(by, record) -> bool:
    # by=None is a trusted operator (kb_import, kb_seed_demo), as everywhere in the write services.
    return by is None or by.has_perm(f"{record._meta.app_label}.review_record")


def figure_preference_check(record: StatisticalRecord, *, requested: bool | None, by) -> None:
    """Refuse a preference request that would change which figure the public sees without a reviewer."""
    if requested is not True or (record.status == ReviewStatusChoices.PUBLISHED and _reviewer(by, record)):
        return
    holder = figure_competitors(record).filter(is_preferred=True).values_list("status", flat=True).first()
    if holder == ReviewStatusChoices.PUBLISHED:
        raise ValidationError({"preferred": [MSG_PUBLISHED_PREFERRED]}, code="preference")
    # Records in review or retracted are read-only but to reviewers: taking their preference changes them too.
    if holder not in (None, ReviewStatusChoices.DRAFT) and not _reviewer(by, record):
        raise ValidationError({"preferred": [MSG_LOCKED_PREFERRED]}, code="preference")


def figure_prepare_preference(record: StatisticalRecord, *, requested: bool | None, by=None) -> None:
    """Before saving `record`: honour an explicit preference (demoting the cell's other figures), or make the first
    figure of a cell preferred. Runs inside the caller's transaction, with the cell locked."""
    arriving = record.pk is None or _old_cell_left(record)
    figure_cell_lock(record)
    figure_preference_check(record, requested=requested, by=by)
    competitors = figure_competitors(record)
    if requested is True:
        figure_demote(competitors)
        record.is_preferred = True
    elif requested is False:
        record.is_preferred = False
    elif arriving and not competitors.filter(is_preferred=True).exists():
        record.is_preferred = True
        record.preference_reason = record.preference_reason or PREFERENCE_REASON_FIRST
    if not record.is_preferred:
        record.preference_reason = ""  # only the preferred figure of a cell has a reason


def _old_cell_left(record: StatisticalRecord) -> bool:
    """Whether an edit moves a stored figure to another cell (a corrected area, period or breakdown). It then leaves
    its old cell as a retracted figure does, handing the preference on so the cell does not vanish from the default
    answers, and arrives in the new one as a new figure would: its preference does not travel with it."""
    stored = type(record)._default_manager.get(pk=record.pk)
    if figure_cell_filter(stored) == figure_cell_filter(record):
        return False
    figure_settle_on_retract(stored)
    record.is_preferred, record.preference_reason = False, ""
    return True


def figure_settle_on_publish(record: StatisticalRecord) -> None:
    """A figure being published takes its cell's preference when no published figure holds it (a draft that came
    first keeps nothing from the public)."""
    if record.is_preferred:
        return
    figure_cell_lock(record)
    competitors = figure_competitors(record)
    if competitors.filter(is_preferred=True, status=ReviewStatusChoices.PUBLISHED).exists():
        return
    figure_demote(competitors)
    _take_preference(record, PREFERENCE_REASON_PUBLISHED)


def figure_settle_on_retract(record: StatisticalRecord, leaving=()) -> None:
    """A preferred figure being retracted (or deleted) hands its cell's preference to the newest published edition
    of the cell (the source published last; among undated ones, the latest entered), so the cell does not vanish
    from the default answers while another published figure covers it. With no other published figure, nothing
    changes. `leaving`: ids of figures deleted with it, which cannot take the preference."""
    if not record.is_preferred:
        return
    figure_cell_lock(record)
    successor = (
        figure_competitors(record)
        .exclude(pk__in=leaving)
        .filter(status=ReviewStatusChoices.PUBLISHED)
        .order_by(F("source__published_on").desc(nulls_last=True), "-id")
        .first()
    )
    if successor is None:
        return
    figure_demote(type(record)._default_manager.filter(pk=record.pk))
    record.is_preferred, record.preference_reason = False, ""
    _take_preference(successor, PREFERENCE_REASON_SUCCESSOR)


@transaction.atomic
def figures_delete(figures) -> None:
    """Delete figures (a queryset of one statistic); a preferred one first hands its cell's preference on, as on
    retraction, so deleting the figure the public saw does not take its whole cell out of the default answers."""
    leaving = list(figures.values_list("pk", flat=True))
    for record in figures.filter(is_preferred=True):
        figure_settle_on_retract(record, leaving=leaving)
    figures.model._default_manager.filter(pk__in=leaving).delete()


@transaction.atomic
def figure_make_preferred(*, record: StatisticalRecord, reason: str, by=None) -> StatisticalRecord:
    """Make `record` the figure served by default for its cell, for the reason given; the previous preferred figure
    is kept, demoted. A reviewer's action; a figure not yet published cannot take the preference from a published
    one. The reason is stored on the record and in the history of both figures."""
    if record.pk is None:
        raise ValidationError(MSG_NOT_SAVED)
    if not _reviewer(by, record):
        raise PermissionDenied(MSG_REVIEWERS_ONLY)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"preference_reason": [MSG_REASON_REQUIRED]})
    with pghistory.context(reason=reason):
        return _make_preferred(record, reason, by)


def _make_preferred(record: StatisticalRecord, reason: str, by) -> StatisticalRecord:
    figure_cell_lock(record)
    record = type(record)._default_manager.select_for_update().get(pk=record.pk)
    figure_preference_check(record, requested=True, by=by)
    locked = type(record)._default_manager.select_for_update().filter(**figure_cell_filter(record))
    list(locked)  # lock the whole cell's rows too: the demotion below updates them
    figure_demote(locked.exclude(pk=record.pk))
    _take_preference(record, reason)
    return record

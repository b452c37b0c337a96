"""Undo an applied import batch from the history its writes left (kb/services/history.py).

Set by set where the batch allows it: a bulk import of 250,000 new records is one run of inserts, checked for later
changes in one query per table and deleted in chunks, not record by record (a few queries each, hours for such a
batch). Changes and deletions the batch made are restored one by one, in reverse order, as before.
"""

from dataclasses import dataclass
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q
from django.utils import timezone

from kb.models import ImportBatch, ImportBatchStatusChoices
from kb.services.history import event_model_for, tracked_models
from kb.services.writes.context import CHANNEL_REVERT, write_context

MSG_NOT_APPLIED = "Only an applied batch can be reverted; this one is {status}."
MSG_STILL_USED = (
    "Cannot revert: {row}, which this import added, is used by records added since ({records}); change those first."
)
MSG_CHANGED_SINCE = (
    "Cannot revert: {count} record(s) changed after this import ({records}); revert those changes first."
)
DELETE_CHUNK = 2000  # records deleted per statement set: Django's collector holds a chunk's rows in memory


@dataclass(frozen=True)
class BatchEvent:
    model: type[models.Model]
    pgh_id: int
    obj_id: int
    label: str
    created_at: object


def _batch_filter(batch: ImportBatch) -> Q:
    return Q(pgh_context__metadata__batch=batch.pk)


def _batch_events(batch: ImportBatch) -> list[BatchEvent]:
    """The batch's events, newest first: only the columns that order and route them."""
    found = []
    for model in tracked_models():
        rows = event_model_for(model).objects.filter(_batch_filter(batch))
        for row in rows.values_list("pgh_id", "pgh_obj_id", "pgh_label", "pgh_created_at"):
            found.append(BatchEvent(model, *row))
    return sorted(found, key=lambda e: (e.created_at, e.pgh_id), reverse=True)


def _changed_since(batch: ImportBatch, models_seen) -> list[str]:
    """Records something else wrote after the batch did, one query per table."""
    later = []
    for model in models_seen:
        event_model = event_model_for(model)
        # Not `exclude(...batch=...)`: a context without a batch key would compare as NULL and vanish.
        newer = event_model.objects.filter(pgh_obj_id=OuterRef("pgh_obj_id"), pgh_id__gt=OuterRef("pgh_id")).filter(
            Q(pgh_context__isnull=True) | ~Q(pgh_context__metadata__contains={"batch": batch.pk})
        )
        ids = (
            event_model.objects.filter(_batch_filter(batch)).filter(Exists(newer)).values_list("pgh_obj_id", flat=True)
        )
        later += [f"{model._meta.verbose_name} {pk}" for pk in sorted(set(ids))]
    return later


def _still_used(model, pk, error: ProtectedError) -> ValidationError:
    users = sorted({f"{type(obj)._meta.verbose_name} {obj.pk}" for obj in error.protected_objects})
    row = f"{model._meta.verbose_name} {pk}"
    return ValidationError(MSG_STILL_USED.format(row=row, records=", ".join(users[:10])))


def _imported_delete(model, ids: list[int], chunk_done=None) -> int:
    """Delete rows the batch created, a chunk at a time; refused (ValidationError) while records added since still
    refer to one (a source or admin area they cite), naming it, which would otherwise be lost with it or block it
    half-way. `chunk_done(count)` hears of each chunk deleted."""
    manager, deleted = model._default_manager, 0
    for start in range(0, len(ids), DELETE_CHUNK):
        if start and chunk_done:
            chunk_done(start)
        chunk = ids[start : start + DELETE_CHUNK]
        try:
            with transaction.atomic():
                # Only the ids are read into the collector: it holds a chunk of rows, their other columns unused.
                deleted += manager.filter(pk__in=chunk).only("pk").delete()[1].get(model._meta.label, 0)
        except ProtectedError:  # rare: find the row to name, one by one
            for pk in chunk:
                try:
                    deleted += manager.filter(pk=pk).delete()[1].get(model._meta.label, 0)
                except ProtectedError as error:
                    raise _still_used(model, pk, error) from None
    return deleted


def _values(model, event) -> dict:
    return {
        f.attname: getattr(event, f.attname)
        for f in model._meta.concrete_fields
        if not isinstance(f, models.GeneratedField)
    }


def _restore(model, event: BatchEvent) -> int:
    """Put back the values the record had before the batch changed it; 0 where it has no earlier event."""
    previous = (
        event_model_for(model)
        .objects.filter(pgh_obj_id=event.obj_id, pgh_id__lt=event.pgh_id)
        .order_by("-pgh_id")
        .first()
    )
    if previous is None:
        return 0
    restored = _values(model, previous)
    if "updated_at" in restored:  # the values come back, the change is new: Last-Modified moves on
        restored["updated_at"] = timezone.now()
    model._default_manager.filter(pk=event.obj_id).update(**restored)
    return 1


def _recreate(model, event: BatchEvent) -> None:
    stored = event_model_for(model).objects.get(pgh_id=event.pgh_id)
    model(**_values(model, stored)).save(force_insert=True)


@transaction.atomic
def import_batch_revert(*, batch: ImportBatch, by, progress=None) -> dict[str, int]:
    """Undo everything an applied batch wrote: delete what it created, restore what it changed or deleted.
    `progress(done, total)`, if given, hears how many of the batch's writes are undone (the revert job's bar).

    Refused when a record was changed after the import by something else, so no later work is lost."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatchStatusChoices.APPLIED:
        raise ValidationError(MSG_NOT_APPLIED.format(status=batch.get_status_display().lower()))
    events = _batch_events(batch)
    later = _changed_since(batch, dict.fromkeys(e.model for e in events))
    if later:
        raise ValidationError(MSG_CHANGED_SINCE.format(count=len(later), records=", ".join(later[:10])))
    counts, undone = {"deleted": 0, "restored": 0, "recreated": 0}, 0
    report = progress or (lambda done, total: None)
    with write_context(channel=CHANNEL_REVERT, by=by, batch=batch.pk):
        # Newest first, in runs of one table and one kind of write: a run of inserts is deleted as one set.
        for (model, label), run in groupby(events, key=lambda e: (e.model, e.label)):
            run = list(run)
            if label == "insert":
                ids = list(dict.fromkeys(e.obj_id for e in run))
                counts["deleted"] += _imported_delete(model, ids, lambda n, base=undone: report(base + n, len(events)))
            elif label == "update":
                counts["restored"] += sum(_restore(model, event) for event in run)
            elif label == "delete":
                for event in run:
                    _recreate(model, event)
                counts["recreated"] += len(run)
            undone += len(run)
            report(undone, len(events))
    batch.status = ImportBatchStatusChoices.REVERTED
    batch.reverted_at = timezone.now()
    batch.reverted_by = by if getattr(by, "pk", None) else None
    batch.save(update_fields=["status", "reverted_at", "reverted_by"])
    return counts

"""Competing figures: one cell (area, period, breakdown), several sources, exactly one preferred."""

from django.core.exceptions import ValidationError
from django.db import transaction

from kb.models.base import StatisticalRecord

MSG_NOT_SAVED = "Save the figure before marking it preferred."


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


def figure_prepare_preference(record: StatisticalRecord, *, requested: bool | None) -> None:
    """Before saving `record`: honour an explicit preference (demoting the cell's other figures), or make the first
    figure of a cell preferred. Runs inside the caller's transaction."""
    competitors = figure_competitors(record)
    if requested is True:
        competitors.filter(is_preferred=True).update(is_preferred=False)
        record.is_preferred = True
    elif requested is False:
        record.is_preferred = False
    elif record.pk is None and not competitors.filter(is_preferred=True).exists():
        record.is_preferred = True


@transaction.atomic
def figure_make_preferred(*, record: StatisticalRecord, by=None) -> StatisticalRecord:
    """Make `record` the figure served by default for its cell; the previous preferred figure is kept, demoted."""
    if record.pk is None:
        raise ValidationError(MSG_NOT_SAVED)
    locked = type(record)._default_manager.select_for_update().filter(**figure_cell_filter(record))
    list(locked)  # lock the whole cell so two editors cannot both win
    locked.exclude(pk=record.pk).filter(is_preferred=True).update(is_preferred=False)
    type(record)._default_manager.filter(pk=record.pk).update(is_preferred=True)
    record.is_preferred = True
    return record

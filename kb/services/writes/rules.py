"""The rules every write of one record follows, whichever channel it comes through (kb/services/writes/)."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kb.choices import ReviewStatusChoices
from kb.models.base import ReviewableModel, StatisticalRecord
from kb.services.figures import figure_prepare_preference
from kb.services.review import LOCKED_STATUSES, can_review, record_edited, reference_prepare

PERIOD_FIELDS = ("period_kind", "period_start", "period_end")  # what the one `period` column sets
MSG_PUBLISHED_NEEDS_REVIEWER = "This row changes a {status} record; only a reviewer may change it."
MSG_UNIQUE_FIELD = "Another record already has this {field}."
MSG_CONSTRAINT = "The row breaks the database rule {name}."


def record_new_values(*, by, initial_status: str = ReviewStatusChoices.DRAFT) -> dict:
    """The review fields of a new record: it enters the workflow in `initial_status` (a draft unless a trusted seed
    asks otherwise), submitted by the acting user. The bulk import inserts the same values in SQL."""
    return {"status": initial_status, "submitted_by_id": getattr(by, "pk", None)}


def record_prepare(record, *, by, initial_status: str = ReviewStatusChoices.DRAFT, extra: dict | None = None) -> None:
    """Before saving: the review status of a new record, or the right to change a stored one. `by=None` is a
    trusted operator (kb_import, kb_seed_demo). Raises PermissionDenied."""
    if not isinstance(record, ReviewableModel):
        reference_prepare(record=record, by=by)
        return
    if record.pk is None:
        values = record_new_values(by=by, initial_status=initial_status)
        record.status = values["status"]
        for name, value in (extra or {}).items():
            setattr(record, name, value)
        if values["submitted_by_id"]:
            record.submitted_by = by
    elif by is not None and record.status in LOCKED_STATUSES and not can_review(by, record):
        # Nothing published changes without a reviewer.
        raise PermissionDenied(MSG_PUBLISHED_NEEDS_REVIEWER.format(status=record.get_status_display().lower()))
    else:
        record_edited(record)


def record_preference_prepare(record, *, requested: bool | None, by) -> None:
    """Before saving a figure: its cell's preference (kb/services/figures.py); `requested` is the writer's explicit
    true/false, None when the writer left it to the cell. A no-op for records that are not figures."""
    if isinstance(record, StatisticalRecord):
        figure_prepare_preference(record, requested=requested, by=by)


def record_validate(record, *, errors: dict | None = None) -> None:
    """The model's field and cross-field checks (`full_clean`), adding to `errors` (fields that already failed to
    read, which are not checked again). The database checks its constraints when the row is stored, one statement
    instead of a query per constraint. Raises ValidationError with field errors."""
    errors = dict(errors or {})
    # A field that failed to read is left unset: not a second error of the same cell.
    exclude = [*errors, *(PERIOD_FIELDS if "period" in errors else ())]
    try:
        record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def record_store(record, save=None) -> None:
    """Save in a savepoint (a refused row leaves the caller's transaction usable); a constraint the row breaks is
    raised as the ValidationError its rule words. `save` is the caller's own save (an import's), else record.save."""
    try:
        with transaction.atomic():
            (save or record.save)()
    except IntegrityError as exc:
        raise constraint_violation(record, exc) from None


def constraint_violation(instance, exc: IntegrityError) -> ValidationError:
    """The readable error for the database constraint a row broke, on its field where the rule names one."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) or ""
    table = instance._meta.db_table
    for constraint in instance._meta.constraints:
        if constraint.name == name:
            message = constraint.get_violation_error_message()
            return ValidationError({constraint_column(instance, name) or NON_FIELD_ERRORS: [message]})
    if name.endswith("_key") or name.endswith("_uniq"):
        field = name.removeprefix(f"{table}_").rsplit("_", 1)[0]
        return ValidationError({field: [MSG_UNIQUE_FIELD.format(field=field)]})
    return ValidationError({NON_FIELD_ERRORS: [MSG_CONSTRAINT.format(name=name or str(exc).splitlines()[0])]})


def constraint_column(model, name: str) -> str:
    """The field a constraint is about, when its name says (`<table>_<field>_valid`); else ""."""
    return name.removeprefix(f"{model._meta.db_table}_").removesuffix("_valid") if name.endswith("_valid") else ""


def record_citations_sync(record, wanted: list) -> None:
    """Make the record's further citations exactly `wanted` ([(Source, locator)]); quotes of kept ones are kept."""
    keep = []
    for source, locator in wanted:
        citation, _ = record.citations.get_or_create(source=source, locator=locator)
        keep.append(citation.pk)
    record.citations.exclude(pk__in=keep).delete()

"""Figures submitted and updated one at a time (the API's write path), through the import mapping and checks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kb.choices import ReviewStatusChoices
from kb.models.base import ReviewableModel
from kb.services.figures import figure_prepare_preference
from kb.services.imports import ImportRejected
from kb.services.imports.base import citations_sync
from kb.services.imports.registry import resource_for_model
from kb.services.imports.service import records_import
from kb.services.review import can_review, record_edited, reference_prepare

MSG_ONLY_OWN_DRAFTS = "Partners may change only their own drafts; this record is {status} and {owner}."
MSG_LOCKED = "This record is {status}; only a reviewer may change it."
MSG_PARTNER_REFERENCE = "Partners may add reference records such as sources, not change them; ask the staff."
MSG_STALE = "The record changed since you read it (now version {current}); fetch it again and resend your change."
MSG_UNKNOWN_FIELD = "Unknown field; writable fields: {fields}."

MAX_BULK_ITEMS = 1000


class RecordsRejected(Exception):
    """Nothing was written; `items` holds one {field: [messages]} per submitted record ({} for a good one)."""

    def __init__(self, items: list[dict[str, list[str]]]):
        super().__init__(items)
        self.items = items


class StaleVersion(Exception):
    def __init__(self, current: int):
        super().__init__(MSG_STALE.format(current=current))
        self.current = current


def record_stamp(record) -> int:
    """What a client proves it saw: the version of a reviewable record, the last change time (µs) of others."""
    version = getattr(record, "version", None)
    return version if version is not None else int(record.updated_at.timestamp() * 1_000_000)


def _issues_by_row(rejected: ImportRejected, count: int) -> list[dict[str, list[str]]]:
    items: list[dict[str, list[str]]] = [{} for _ in range(count)]
    for issue in rejected.issues:
        index = min((issue.row or 1) - 1, count - 1)
        key = issue.column if issue.column and "," not in issue.column else "non_field_errors"
        items[index].setdefault(key, []).append(issue.message)
    return items


def records_submit(*, resource: str, records: list[dict[str, str]], by, partner=None) -> list[int]:
    """Create figures as drafts, all or none. Raises RecordsRejected with one error dict per record."""
    extra = {"partner_organisation": partner} if partner is not None else {}
    try:
        report = records_import(resource=resource, records=records, by=by, create_only=True, extra=extra)
    except ImportRejected as rejected:
        raise RecordsRejected(_issues_by_row(rejected, len(records))) from None
    return [row.pk for row in report.rows]


def record_change_allowed(*, record, by, partner=None) -> None:
    """Partners change only their own drafts; staff need the change permission; published needs a reviewer."""
    if not isinstance(record, ReviewableModel):
        if partner is not None:
            raise PermissionDenied(MSG_PARTNER_REFERENCE)
        reference_prepare(record=record, by=by)
        return
    if partner is not None:
        own = record.partner_organisation_id == partner.pk and record.submitted_by_id == by.pk
        if not own or record.status != ReviewStatusChoices.DRAFT:
            owner = "yours" if own else "not yours"
            raise PermissionDenied(MSG_ONLY_OWN_DRAFTS.format(status=record.get_status_display().lower(), owner=owner))
    elif record.status in (ReviewStatusChoices.PUBLISHED, ReviewStatusChoices.RETRACTED) and not can_review(by, record):
        raise PermissionDenied(MSG_LOCKED.format(status=record.get_status_display().lower()))


@transaction.atomic
def record_update(*, record, changes: dict[str, str], by, expected_version: int | None, partner=None):
    """Apply {column: text} changes to one record with the import mapping's parsing and the model's checks."""
    model = type(record)
    record = model._default_manager.select_for_update().get(pk=record.pk)
    record_change_allowed(record=record, by=by, partner=partner)
    if expected_version is not None and record_stamp(record) != expected_version:
        raise StaleVersion(record_stamp(record))
    _, resource_class = resource_for_model(model)
    handler = resource_class(by=by)
    by_column = {f.column_name: f for f in handler.get_import_fields()}
    unknown = [column for column in changes if column not in by_column]
    if unknown:
        raise ValidationError({c: [MSG_UNKNOWN_FIELD.format(fields=", ".join(by_column))] for c in unknown})
    errors = {}
    for column in changes:
        try:
            handler.import_field(by_column[column], record, changes)
        except ValueError as exc:
            errors[column] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    try:
        handler.validate_instance(record)
    except ValidationError as exc:
        raise ValidationError(_by_column(handler, exc)) from None
    record_edited(record)
    if "preferred" in changes:
        figure_prepare_preference(record, requested=getattr(record, "_preference_requested", None), by=by)
    try:
        handler.do_instance_save(record, False)
    except ValidationError as exc:
        raise ValidationError(_by_column(handler, exc)) from None
    if "citations" in changes:
        citations_sync(record)
    record.refresh_from_db()
    return record


def _by_column(handler, exc: ValidationError) -> dict[str, list[str]]:
    columns = {f.attribute: f.column_name for f in handler.get_import_fields()}
    return {columns.get(k, "non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}

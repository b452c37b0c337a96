"""Records written one at a time or in a batch by the API: who may change what, optimistic locking, typed values."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kb.choices import ReviewStatusChoices
from kb.models.base import ReviewableModel
from kb.services.imports.errors import ImportIssue
from kb.services.imports.registry import RESOURCES, resource_for_model
from kb.services.review import (
    LOCKED_STATUSES,
    can_review,
    open_proposal,
    published_sources_vouch,
    record_edited,
    reference_prepare,
)
from kb.services.writes.batch import BatchRejected, records_create
from kb.services.writes.context import CHANNEL_API, write_context
from kb.services.writes.rules import (
    record_citations_sync,
    record_preference_prepare,
    record_prepare,
    record_store,
    record_validate,
)
from kb.services.writes.values import values_apply

MSG_ONLY_OWN_DRAFTS = "Partners may change only their own drafts; this record is {status} and {owner}."
MSG_LOCKED = "This record is {status}; only a reviewer may change it."
MSG_PARTNER_REFERENCE = (
    "Partners may add sources and correct their own until a reviewer approves them; for other changes ask the staff."
)
MSG_STALE = "The record changed since you read it (now version {current}); fetch it again and resend your change."

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


def _issues_by_row(issues: list[ImportIssue], count: int) -> list[dict[str, list[str]]]:
    items: list[dict[str, list[str]]] = [{} for _ in range(count)]
    for issue in issues:
        index = min((issue.row or 1) - 1, count - 1)
        key = issue.column if issue.column and "," not in issue.column else "non_field_errors"
        items[index].setdefault(key, []).append(issue.message)
    return items


def records_submit(*, resource: str, records: list[dict], by, partner=None, channel: str = CHANNEL_API) -> list[int]:
    """Create records as drafts from typed values ({column: value}; text is read as a file's cell), all or none.
    Raises RecordsRejected with one error dict per record."""
    extra = {"partner_organisation": partner} if partner is not None else {}
    try:
        return records_create(
            resource_class=RESOURCES[resource],
            items=records,
            by=by,
            channel=channel,
            metadata={"resource": resource, "batch": None},
            extra=extra,
        )
    except BatchRejected as rejected:
        raise RecordsRejected(_issues_by_row(rejected.issues, len(records))) from None


def record_change_allowed(*, record, by, partner=None) -> None:
    """Partners change only their own drafts; staff need the change permission; published needs a reviewer."""
    if not isinstance(record, ReviewableModel):
        if partner is not None and not open_proposal(record, by):
            raise PermissionDenied(MSG_PARTNER_REFERENCE)
        reference_prepare(record=record, by=by)
        return
    if partner is not None:
        # The partner's, whoever on the staff submitted or returned it since (which changes `submitted_by`).
        own = record.partner_organisation_id == partner.pk
        if not own or record.status != ReviewStatusChoices.DRAFT:
            owner = "yours" if own else "not yours"
            raise PermissionDenied(MSG_ONLY_OWN_DRAFTS.format(status=record.get_status_display().lower(), owner=owner))
    elif record.status in LOCKED_STATUSES and not can_review(by, record):
        raise PermissionDenied(MSG_LOCKED.format(status=record.get_status_display().lower()))


@transaction.atomic
def record_update(*, record, changes: dict, by, expected_version: int | None, partner=None, channel: str | None = None):
    """Apply {column: value} changes to one record: typed values as they are, text read as a file's cell; the
    model's checks; the preference rule (`preferred`, and a figure moved to another cell); the review status (an
    edit sends a record in review back to draft). `expected_version` is the version the writer read (None: any); a
    record changed since raises StaleVersion. Recorded in the history under `channel` (None: a script)."""
    model = type(record)
    record = model._default_manager.select_for_update().get(pk=record.pk)
    record_change_allowed(record=record, by=by, partner=partner)
    if expected_version is not None and record_stamp(record) != expected_version:
        raise StaleVersion(record_stamp(record))
    _, resource_class = resource_for_model(model)
    applied = values_apply(resource_class(by=by), record, changes)
    if applied.errors:
        raise ValidationError(applied.errors)
    with write_context(channel=channel, by=by):
        try:
            record_validate(record)
            record_edited(record)
            # Also without `preferred`: a corrected area, period or breakdown moves the figure to another cell.
            record_preference_prepare(record, requested=applied.preferred, by=by)
            record_store(record)
        except ValidationError as exc:
            raise ValidationError(_by_column(resource_class, exc)) from None
        if applied.citations is not None:
            record_citations_sync(record, applied.citations)
        published_sources_vouch(record, by)
    record.refresh_from_db()
    return record


@transaction.atomic
def record_save(
    *, record, by, channel: str, changed: bool = True, preferred: bool | None = None, reason: str | None = None
) -> None:
    """Store a record whose values a form has set and checked: the admin's change form runs the model's full_clean
    in its own validation (with its errors on the form), so it is not run again here. A new record enters the
    workflow as a draft submitted by `by`; a changed one follows the review rules (an edit of a record in review
    sends it back to draft); a figure's cell preference is settled (`preferred`: the form's explicit request).
    Every event, the cell's demoted figures' included, is recorded under `channel` with the writer's `reason`."""
    with write_context(channel=channel, by=by, reason=reason):
        if record.pk is None or changed:
            record_prepare(record, by=by)
        record_preference_prepare(record, requested=preferred, by=by)
        record_store(record)


def _by_column(resource_class, exc: ValidationError) -> dict[str, list[str]]:
    columns = {f.attribute: f.column_name for f in resource_class().get_import_fields()}
    return {columns.get(k, "non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}

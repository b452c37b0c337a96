"""The review workflow: draft → in review → published (→ retracted), with permission checks.

Who may do what (see kb/services/roles.py for the groups):
* submit (draft → in review): anyone who may change the record;
* return (in review → draft), publish (in review → published), retract (published → retracted, with a reason):
  holders of the `review_record` permission; a reviewer does not publish a record they submitted unless
  settings.KB_ALLOW_SELF_REVIEW is on.
"""

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kb.choices import ReviewStatusChoices as Status
from kb.models.base import ReviewableModel

MSG_WRONG_STATE = "{record} is {status}; only a record that is {expected} can be {verb}."
MSG_NO_CHANGE_PERMISSION = "You may not change {record}."
MSG_NO_REVIEW_PERMISSION = "Only reviewers may {verb} records."
MSG_OWN_SUBMISSION = "{record} was submitted by you; another reviewer must publish it."
MSG_NO_SOURCE = "{record} cites no source; a figure is published only with its source."
MSG_REASON_REQUIRED = "Give a reason for retracting {record}."

REVIEW_PERMISSION = "review_record"


def can_review(user, record: ReviewableModel) -> bool:
    return user.has_perm(f"{record._meta.app_label}.{REVIEW_PERMISSION}")


def can_change(user, record: ReviewableModel) -> bool:
    return user.has_perm(f"{record._meta.app_label}.change_{record._meta.model_name}")


def _expect(record: ReviewableModel, expected: str, verb: str) -> None:
    if record.status != expected:
        raise ValidationError(
            MSG_WRONG_STATE.format(
                record=record,
                status=record.get_status_display().lower(),
                expected=Status(expected).label.lower(),
                verb=verb,
            ),
            code="invalid_state",
        )


def _transition(record: ReviewableModel, *, to: str, by, reason: str = "", **fields) -> ReviewableModel:
    record.status = to
    record.status_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(record, name, value)
    with pghistory.context(transition=to, reason=reason or None):
        record.save(update_fields=["status", "status_changed_at", *fields])
    record.refresh_from_db(fields=["version"])
    return record


@transaction.atomic
def record_submit(*, record: ReviewableModel, by) -> ReviewableModel:
    """A draft goes to review."""
    if not can_change(by, record):
        raise PermissionDenied(MSG_NO_CHANGE_PERMISSION.format(record=record))
    _expect(record, Status.DRAFT, "submitted")
    return _transition(record, to=Status.IN_REVIEW, by=by, submitted_by=by)


@transaction.atomic
def record_return(*, record: ReviewableModel, by, reason: str = "") -> ReviewableModel:
    """A reviewer sends a record in review back to its editor."""
    if not can_review(by, record):
        raise PermissionDenied(MSG_NO_REVIEW_PERMISSION.format(verb="return"))
    _expect(record, Status.IN_REVIEW, "returned")
    return _transition(record, to=Status.DRAFT, by=by, reason=reason, reviewed_by=by)


@transaction.atomic
def record_publish(*, record: ReviewableModel, by) -> ReviewableModel:
    """A reviewed record becomes public."""
    if not can_review(by, record):
        raise PermissionDenied(MSG_NO_REVIEW_PERMISSION.format(verb="publish"))
    _expect(record, Status.IN_REVIEW, "published")
    if record.submitted_by_id == by.pk and not getattr(settings, "KB_ALLOW_SELF_REVIEW", False):
        raise PermissionDenied(MSG_OWN_SUBMISSION.format(record=record))
    if not record.source_id:
        raise ValidationError(MSG_NO_SOURCE.format(record=record), code="no_source")
    return _transition(record, to=Status.PUBLISHED, by=by, reviewed_by=by, retraction_reason="")


@transaction.atomic
def record_retract(*, record: ReviewableModel, by, reason: str) -> ReviewableModel:
    """A published record is withdrawn from public view; staff still see it, with the reason."""
    if not can_review(by, record):
        raise PermissionDenied(MSG_NO_REVIEW_PERMISSION.format(verb="retract"))
    _expect(record, Status.PUBLISHED, "retracted")
    if not (reason or "").strip():
        raise ValidationError({"retraction_reason": MSG_REASON_REQUIRED.format(record=record)})
    return _transition(
        record, to=Status.RETRACTED, by=by, reason=reason, reviewed_by=by, retraction_reason=reason.strip()
    )

"""The review workflow: draft → in review → published (→ retracted), with permission checks.

Who may do what (see kb/services/roles.py for the groups):
* submit (draft → in review): anyone who may change the record;
* return (in review → draft), publish (in review → published), retract (published → retracted, with a reason):
  holders of the `review_record` permission; a reviewer does not publish a record they submitted, created or
  changed since its last publication unless settings.KB_ALLOW_SELF_REVIEW is on.

Publishing names the version the reviewer saw: a record changed since (a new version) is not published, and any
edit of a record in review sends it back to draft, to be submitted and reviewed again.
"""

import pghistory
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kb.choices import ReviewStatusChoices as Status
from kb.models.base import ReviewableModel, StatisticalRecord, parent_unpublished_message
from kb.services.figures import figure_settle_on_publish, figure_settle_on_retract
from kb.services.history import record_history_list

MSG_WRONG_STATE = "{record} is {status}; only a record that is {expected} can be {verb}."
MSG_NO_CHANGE_PERMISSION = "You may not change {record}."
MSG_NO_REVIEW_PERMISSION = "Only reviewers may {verb} records."
MSG_OWN_SUBMISSION = "{record} was submitted by you; another reviewer must publish it."
MSG_OWN_CHANGES = "{record} holds changes you made since it was last published; another reviewer must publish it."
# What a reviewer changes on a record without authoring it: its review state and which figure of a cell is preferred.
REVIEW_FIELDS = frozenset(
    {"status", "status_changed_at", "submitted_by", "reviewed_by", "is_preferred", "preference_reason"}
)
MSG_NO_SOURCE = "{record} cites no source; a figure is published only with its source."
MSG_REASON_REQUIRED = "Give a reason for retracting {record}."
MSG_RETRACTED_WITH = "Retracted with its {kind} '{record}': {reason}"
MSG_NOT_SEEN = (
    "{record} changed after you looked at it (you saw version {seen}, it is now version {current}); "
    "review it again before publishing."
)

REVIEW_PERMISSION = "review_record"
# Statuses in which a record is public or was: only a reviewer changes it (or what it cites).
LOCKED_STATUSES = (Status.PUBLISHED, Status.RETRACTED)
# Reference models whose rows public output shows as they are (names, titles, links).
PUBLIC_REFERENCE_MODELS = ("area", "adminarea", "organisation", "source", "treaty")
MSG_CITATION_LOCKED = (
    "A citation of a published or retracted record is part of it: only reviewers add, change or remove one."
)
MSG_REFERENCE_REVIEWERS = "{things} appear in public output as stored: only reviewers add or change them."


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


def _transition(record: ReviewableModel, *, to: str, reason: str = "", **fields) -> ReviewableModel:
    record.status = to
    record.status_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(record, name, value)
    with pghistory.context(transition=to, reason=reason or None):
        record.save(update_fields=["status", "status_changed_at", "updated_at", *fields])
    record.refresh_from_db(fields=["version"])
    return record


@transaction.atomic
def record_submit(*, record: ReviewableModel, by) -> ReviewableModel:
    """A draft goes to review."""
    if not can_change(by, record):
        raise PermissionDenied(MSG_NO_CHANGE_PERMISSION.format(record=record))
    _expect(record, Status.DRAFT, "submitted")
    return _transition(record, to=Status.IN_REVIEW, submitted_by=by)


@transaction.atomic
def record_return(*, record: ReviewableModel, by, reason: str = "") -> ReviewableModel:
    """A reviewer sends a record in review back to its editor."""
    if not can_review(by, record):
        raise PermissionDenied(MSG_NO_REVIEW_PERMISSION.format(verb="return"))
    _expect(record, Status.IN_REVIEW, "returned")
    return _transition(record, to=Status.DRAFT, reason=reason, reviewed_by=by)


@transaction.atomic
def record_publish(*, record: ReviewableModel, by, seen_version: int | None) -> ReviewableModel:
    """A reviewed record becomes public: exactly the version the reviewer saw (`seen_version`)."""
    if not can_review(by, record):
        raise PermissionDenied(MSG_NO_REVIEW_PERMISSION.format(verb="publish"))
    list(type(record)._default_manager.select_for_update().filter(pk=record.pk).values("pk"))  # lock the row
    record.refresh_from_db()
    if seen_version != record.version:
        raise ValidationError(
            MSG_NOT_SEEN.format(record=record, seen=seen_version, current=record.version), code="stale"
        )
    _expect(record, Status.IN_REVIEW, "published")
    if not getattr(settings, "KB_ALLOW_SELF_REVIEW", False):
        if record.submitted_by_id == by.pk:
            raise PermissionDenied(MSG_OWN_SUBMISSION.format(record=record))
        if by.get_username() in record_authors_since_publication(record):
            raise PermissionDenied(MSG_OWN_CHANGES.format(record=record))
    if not record.source_id:
        raise ValidationError(MSG_NO_SOURCE.format(record=record), code="no_source")
    if unpublished := record.unpublished_parents():
        [(_, parent), *_] = unpublished
        raise ValidationError(parent_unpublished_message(record, parent), code="parent_unpublished")
    if isinstance(record, StatisticalRecord):
        figure_settle_on_publish(record)
    _cited_sources_approve(record, by)
    return _transition(record, to=Status.PUBLISHED, reviewed_by=by, retraction_reason="")


def record_authors_since_publication(record: ReviewableModel) -> set[str]:
    """Who created the record or changed what it says since it was last published (usernames, from its history):
    four eyes means that none of them publishes it, whoever submitted it last. Review actions and the choice of a
    cell's preferred figure are not authorship."""
    authors: set[str] = set()
    for entry in record_history_list(record):
        if entry.transition == Status.PUBLISHED:
            authors.clear()
        elif entry.user and not entry.transition and (entry.label == "insert" or entry.changes.keys() - REVIEW_FIELDS):
            authors.add(entry.user)
    return authors


def reference_prepare(*, record, by) -> None:
    """Before saving a reference record: areas, admin areas, organisations, sources and treaties show in public output
    as stored, so adding or changing one is a reviewer's action; except that anyone who may write may propose a new
    source, which stays out of public lists (and out of other partners' sight) until a reviewer approves it or
    publishes a figure citing it, and correct it until then. `by=None` is a trusted operator (kb_import,
    kb_seed_demo)."""
    name = record._meta.model_name
    if name == "citation":
        citation_change_prepare(citation=record, by=by)
        return
    if name not in PUBLIC_REFERENCE_MODELS or by is None or by.has_perm(f"kb.{REVIEW_PERMISSION}"):
        return
    if name == "source" and (record.pk is None or open_proposal(record, by)):
        record.reviewed = False
        record.proposed_by = by
        return
    raise PermissionDenied(MSG_REFERENCE_REVIEWERS.format(things=record._meta.verbose_name_plural))


def open_proposal(record, by) -> bool:
    """A stored source `by` proposed that no reviewer has approved yet: its author may still correct it."""
    from kb.models import Source

    if record.pk is None or record._meta.model_name != "source" or by is None:
        return False
    return Source.objects.filter(pk=record.pk, reviewed=False, proposed_by=by).exists()


def citation_change_prepare(*, citation, by) -> None:
    """A further citation is part of the record it cites: adding, changing, moving or removing one of a published or
    retracted record changes that record, so it is a reviewer's action, and the reviewer vouches for the source it
    names (approved with it, as publishing approves a figure's sources). Raises PermissionDenied. Of a record in
    review, it sends the record back to draft, as any edit does."""
    from kb.models import Citation, Source

    cited = [citation.record]
    if citation.pk is not None:
        cited += [stored.record for stored in Citation.objects.filter(pk=citation.pk)]
    if not any(isinstance(r, ReviewableModel) and r.status in LOCKED_STATUSES for r in cited):
        for record in cited:
            cited_record_edited(record)
        return
    if by is not None and not by.has_perm(f"kb.{REVIEW_PERMISSION}"):
        raise PermissionDenied(MSG_CITATION_LOCKED)
    sources_approve(sources=Source.objects.filter(pk=citation.source_id), by=by)


def sources_approve(*, sources, by) -> int:
    """Proposed sources become public: a reviewer's action. Returns how many were approved."""
    if by is not None and not by.has_perm(f"kb.{REVIEW_PERMISSION}"):
        raise PermissionDenied(MSG_NO_REVIEW_PERMISSION.format(verb="approve"))
    return sources.filter(reviewed=False).update(reviewed=True, updated_at=timezone.now())


def published_sources_vouch(record, by) -> None:
    """After a reviewer (or a trusted operator, `by=None`) changed a published or retracted record: the sources it now
    names are approved, as on publishing (public output shows them with the record). Any other record: nothing."""
    if isinstance(record, ReviewableModel) and record.status in LOCKED_STATUSES:
        _cited_sources_approve(record, by)


def _cited_sources_approve(record: ReviewableModel, by) -> None:
    """A reviewer publishing a figure approves the sources it cites (they saw them with it)."""
    from kb.models import Source

    cited = [record.source_id]
    if hasattr(record, "citations"):
        cited += list(record.citations.values_list("source_id", flat=True))
    sources_approve(sources=Source.objects.filter(pk__in=cited), by=by)


def record_edited(record: ReviewableModel) -> None:
    """Before saving an edit: a record in review goes back to draft (what the reviewer would see has changed)."""
    if record.pk is not None and getattr(record, "status", None) == Status.IN_REVIEW:
        record.status = Status.DRAFT
        record.status_changed_at = timezone.now()


def cited_record_edited(record) -> None:
    """Its further citations were added, changed or removed: a record in review goes back to draft, as after any
    edit, so that no reviewer publishes a change of their own as if another had made it."""
    if isinstance(record, ReviewableModel) and record.status == Status.IN_REVIEW:
        record_edited(record)
        record.save(update_fields=["status", "status_changed_at"])


@transaction.atomic
def record_retract(*, record: ReviewableModel, by, reason: str) -> ReviewableModel:
    """A published record is withdrawn from public view; staff still see it, with the reason."""
    if not can_review(by, record):
        raise PermissionDenied(MSG_NO_REVIEW_PERMISSION.format(verb="retract"))
    _expect(record, Status.PUBLISHED, "retracted")
    if not (reason or "").strip():
        raise ValidationError({"retraction_reason": MSG_REASON_REQUIRED.format(record=record)})
    _transition(record, to=Status.RETRACTED, reason=reason, reviewed_by=by, retraction_reason=reason.strip())
    if isinstance(record, StatisticalRecord):
        figure_settle_on_retract(record)
    _belonging_retract(record, by=by, reason=reason.strip())
    return record


def _belonging_retract(record: ReviewableModel, *, by, reason: str) -> None:
    """The published records that belong to `record` (`published_with`: a programme's milestones and financing) are
    retracted with it, each with its own history event: none stays public under a parent the public cannot see."""
    for model in apps.get_app_config("kb").get_models():
        for name in getattr(model, "published_with", ()):
            if model._meta.get_field(name).related_model is not type(record):
                continue
            because = MSG_RETRACTED_WITH.format(kind=record._meta.verbose_name, record=record, reason=reason)
            for belonging in model._default_manager.filter(**{name: record, "status": Status.PUBLISHED}):
                _transition(belonging, to=Status.RETRACTED, reason=because, reviewed_by=by, retraction_reason=because)

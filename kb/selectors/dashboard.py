"""What staff see first in the admin: work waiting for review, recent imports, gaps, and recent changes."""

import datetime as dt
import heapq
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from kb.choices import ReviewStatusChoices as Status
from kb.models import Area, ImportBatch
from kb.models.base import ReviewableModel
from kb.selectors.coverage import STATISTICS, coverage_matrix_get, coverage_reported_years
from kb.selectors.obligations import ObligationStanding, passed_deadlines
from kb.services.history import event_model_for, tracked_models

EVENT_LABELS = {"insert": _("created"), "update": _("changed"), "delete": _("deleted")}
COVERAGE_YEARS = 10
RECENT = 12


def _admin_url_name(model, view: str) -> str:
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"


@dataclass(frozen=True)
class ReviewQueue:
    model: type
    draft: int
    in_review: int

    @property
    def name(self) -> str:
        return self.model._meta.verbose_name_plural

    @property
    def changelist(self) -> str:
        return _admin_url_name(self.model, "changelist")


@dataclass(frozen=True)
class RecentChange:
    at: dt.datetime
    model: type
    object_id: int
    label: str
    user: str
    channel: str

    @property
    def name(self) -> str:
        return self.model._meta.verbose_name

    @property
    def action(self) -> str:
        return str(EVENT_LABELS.get(self.label, self.label))

    @property
    def change_url_name(self) -> str:
        return _admin_url_name(self.model, "change")


def review_queue_list() -> list[ReviewQueue]:
    """Per reviewable model, the records still in draft and those awaiting a reviewer (models with none left out)."""
    queues = []
    for model in tracked_models():
        if not issubclass(model, ReviewableModel):
            continue
        counts = model.objects.aggregate(
            draft=Count("pk", filter=Q(status=Status.DRAFT)), in_review=Count("pk", filter=Q(status=Status.IN_REVIEW))
        )
        if counts["draft"] or counts["in_review"]:
            queues.append(ReviewQueue(model=model, **counts))
    return sorted(queues, key=lambda queue: (-queue.in_review, -queue.draft, str(queue.name)))


def recent_imports_list() -> list[ImportBatch]:
    return list(ImportBatch.objects.select_related("created_by").defer("content", "report").order_by("-created_at")[:8])


def coverage_gaps_get(*, today: dt.date | None = None) -> dict:
    """The coverage matrix of every record (any status) over the last COVERAGE_YEARS years, with the empty cells
    of each area marked, so gaps stand out."""
    year_to = (today or dt.date.today()).year
    year_from = year_to - COVERAGE_YEARS + 1
    matrix = coverage_matrix_get(visible=lambda model: model.objects.all(), year_from=year_from, year_to=year_to)
    years = list(range(year_from, year_to + 1))
    rows = [
        {"area": row["area"], "cells": [(year, row["cells"].get(year, [])) for year in years]} for row in matrix["rows"]
    ]
    return {"years": years, "rows": rows}


def _everything(model):
    """The dashboard's `visible`: records of any status."""
    return model.objects.all()


def deadlines_to_check_list(*, today: dt.date | None = None) -> list[ObligationStanding]:
    """Treaty deadlines passed with nothing recorded since (rows of any status): a later extension, completion or
    report is to be found and recorded before the state can be called on time or late."""
    return passed_deadlines(visible=_everything, on=today)[1]


def contaminated_coverage_get(*, today: dt.date | None = None) -> dict:
    """Over the last COVERAGE_YEARS years, each state or other area reported as contaminated (records of any
    status) and, for each year it is reported, the checked statistics it has no record of; None in the years it
    is not reported."""
    year_to = (today or dt.date.today()).year
    year_from = year_to - COVERAGE_YEARS + 1
    reported = coverage_reported_years(visible=_everything, year_from=year_from, year_to=year_to)
    universe = Area.objects.filter(pk__in=list(reported))
    matrix = coverage_matrix_get(
        visible=_everything, year_from=year_from, year_to=year_to, universe=list(universe), reported=reported
    )
    labels = {name: STATISTICS[name]._meta.verbose_name_plural for name in matrix["checked"]}
    years = list(range(year_from, year_to + 1))
    rows = [
        {
            "area": row["area"],
            "cells": [(year, _missing_labels(row["missing"].get(year), labels)) for year in years],
        }
        for row in matrix["rows"]
    ]
    return {"years": years, "checked": list(labels.values()), "rows": rows}


def _missing_labels(missing: list[str] | None, labels: dict) -> list[str] | None:
    return None if missing is None else [labels[name] for name in missing]


def recent_changes_list(limit: int = RECENT) -> list[RecentChange]:
    """The latest history events over every tracked model, newest first, with who made them and how."""
    streams = []
    for model in tracked_models():
        events = event_model_for(model).objects.select_related("pgh_context").order_by("-pgh_created_at")[:limit]
        streams.append([(event, model) for event in events])
    latest = heapq.merge(*streams, key=lambda pair: pair[0].pgh_created_at, reverse=True)
    picked = [pair for _, pair in zip(range(limit), latest, strict=False)]
    contexts = [(event.pgh_context.metadata if event.pgh_context else {}) for event, _model in picked]
    user_ids = {context.get("user") for context in contexts if context.get("user")}
    usernames = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
    return [
        RecentChange(
            at=event.pgh_created_at,
            model=model,
            object_id=event.pgh_obj_id,
            label=event.pgh_label,
            user=usernames.get(context.get("user"), ""),
            channel=context.get("channel", ""),
        )
        for (event, model), context in zip(picked, contexts, strict=True)
    ]

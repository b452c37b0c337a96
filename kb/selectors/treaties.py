"""Treaty status read from the database: loads rows, then applies kb/services/treaty_status.py."""

import copy
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from kb.models import Area, ArmedConflictPeriod, Treaty, TreatyAction
from kb.services.history import rows_as_of
from kb.services.treaty_status import (
    ActionFact,
    ConflictFact,
    TreatyRules,
    TreatyStatus,
    status_on,
    status_timeline,
)
from kb.translations import collated


@dataclass(frozen=True)
class AreaTreatyStatus:
    area: Area
    treaty: Treaty
    status: TreatyStatus


@dataclass(frozen=True)
class AreaTreatyHistory:
    area: Area
    treaty: Treaty
    status: TreatyStatus
    actions: list[TreatyAction]
    conflicts: list[ArmedConflictPeriod]
    timeline: list[tuple[dt.date, str]]

    @property
    def dated_rows(self) -> list[TreatyAction | ArmedConflictPeriod]:
        """Actions and armed conflicts in one date order, as a reader follows them (a conflict that began in 2022
        came after the 2025 actions)."""
        # A stable sort: on one day actions stay before conflicts, each in their own order.
        return sorted([*self.actions, *self.conflicts], key=lambda row: getattr(row, "started_on", None) or row.date)


def treaty_seen(treaty: Treaty, visible) -> Treaty:
    """`treaty` as the answer's moment knew it. An `as_of` answer (`visible` reads the history) judges states with
    no recorded action by the participation record's completeness date stated then, not by today's; a treaty the
    knowledge base did not hold then has none."""
    at = getattr(visible, "as_of", None)
    if at is None:
        return treaty
    seen = copy.copy(treaty)
    stated = rows_as_of(Treaty, at).filter(id=treaty.pk).values_list("records_complete_on", flat=True)
    seen.records_complete_on = next(iter(stated), None)
    return seen


def treaty_rules(treaty: Treaty) -> TreatyRules:
    return TreatyRules(
        code=treaty.code,
        entry_into_force_on=treaty.entry_into_force_on,
        entry_into_force_months=treaty.entry_into_force_months,
        entry_into_force_first_of_month=treaty.entry_into_force_first_of_month,
        withdrawal_notice_months=treaty.withdrawal_notice_months,
        armed_conflict_defers_withdrawal=treaty.armed_conflict_defers_withdrawal,
        adopted_on=treaty.adopted_on,
        records_complete_on=treaty.records_complete_on,
    )


def _conflicts_by_area(conflicts: QuerySet[ArmedConflictPeriod], area_ids) -> dict[int, list[ConflictFact]]:
    by_area: dict[int, list[ConflictFact]] = defaultdict(list)
    for conflict in conflicts.filter(area_id__in=area_ids):
        by_area[conflict.area_id].append(ConflictFact(conflict.started_on, conflict.ended_on))
    return by_area


def treaty_status_list(
    *,
    treaty: Treaty,
    on: dt.date,
    actions: QuerySet[TreatyAction],
    conflicts: QuerySet[ArmedConflictPeriod],
    area: Area | None = None,
) -> list[AreaTreatyStatus]:
    """The status on `on` of every state with at least one (visible) action under `treaty`, by the area's name in the
    active language's alphabetical order; with
    `area`, that state's status even when nothing is recorded for it (`not_recorded`, or `non_party` where the
    treaty's participation record is complete).

    `actions` and `conflicts` are the querysets the caller may see (published ones for the public)."""
    # By the name shown, in the language's alphabetical order: `areas` keeps this order for the result.
    actions = (
        actions.filter(treaty=treaty).select_related("area").order_by(collated("area__name"), "area__code", "date")
    )
    if area is not None:
        actions = actions.filter(area=area)
    facts: dict[int, list[ActionFact]] = defaultdict(list)
    areas: dict[int, Area] = {}
    for action in actions:
        facts[action.area_id].append(ActionFact(action.kind, action.date))
        areas[action.area_id] = action.area
    if area is not None and area.pk not in areas:
        facts[area.pk], areas[area.pk] = [], area
    conflicts_by_area = _conflicts_by_area(conflicts, list(areas))
    rules = treaty_rules(treaty)
    return [
        AreaTreatyStatus(
            area=areas[area_id],
            treaty=treaty,
            status=status_on(rules=rules, actions=area_facts, conflicts=conflicts_by_area[area_id], on=on),
        )
        for area_id, area_facts in facts.items()
    ]


def treaty_history_get(
    *,
    treaty: Treaty,
    area: Area,
    on: dt.date,
    actions: QuerySet[TreatyAction],
    conflicts: QuerySet[ArmedConflictPeriod],
) -> AreaTreatyHistory:
    """One state's actions under a treaty, its status on `on`, and every status change up to `on`."""
    area_actions = list(actions.filter(treaty=treaty, area=area).select_related("source").order_by("date", "kind"))
    area_conflicts = list(conflicts.filter(area=area).select_related("source"))
    facts = [ActionFact(a.kind, a.date) for a in area_actions]
    conflict_facts = [ConflictFact(c.started_on, c.ended_on) for c in area_conflicts]
    rules = treaty_rules(treaty)
    return AreaTreatyHistory(
        area=area,
        treaty=treaty,
        status=status_on(rules=rules, actions=facts, conflicts=conflict_facts, on=on),
        actions=area_actions,
        conflicts=area_conflicts,
        timeline=status_timeline(rules=rules, actions=facts, conflicts=conflict_facts, until=on),
    )

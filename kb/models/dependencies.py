"""Records show what they point to (a source's title, an area's name, a treaty's code, their further citations; an
activity its hazard areas), so a change there is a change of every record that shows it: database triggers touch
those records (`updated_at`), which raises their version (ETag), moves list ETags and writes a history event, so the
change feed carries an `updated` entry for each and a partner's synchronised copy follows. Triggers, so every
channel (admin, API, import, SQL) does it.

A record that already changed in the same transaction is not touched again: its event of this transaction is read
after the commit, with the dependency's new state, so nobody saw the version that lacked it.
"""

import pgtrigger

# Tables of the records that show a source, with their further citations (kb.Citation's generic relation): the
# statistics, then the other cited records (in this order in the triggers' SQL).
STATISTIC_TABLES = (
    "kb_casualtyrecord",
    "kb_contaminationrecord",
    "kb_landreleaserecord",
    "kb_stockpilerecord",
    "kb_productionrecord",
    "kb_usereport",
    "kb_fundingrecord",
    "kb_transfer",
)
NOT_STATISTICS = (
    "kb_programme",
    "kb_programmefinancing",
    "kb_programmemilestone",
    "kb_treatyaction",
    "kb_armedconflictperiod",
    "kb_treatyobligation",
    "kb_hazardarea",
    "kb_landreleaseactivity",
)
CITED_TABLES = (*STATISTIC_TABLES, *NOT_STATISTICS)
# Cited records that name no area of their own (a milestone shows its programme's).
WITHOUT_AREA = ("kb_programmemilestone",)

SOURCE_DEPENDENTS = [*((table, "source_id") for table in CITED_TABLES), ("kb_citation", "source_id")]
ORGANISATION_DEPENDENTS = [
    ("kb_landreleaserecord", "operator_id"),
    ("kb_productionrecord", "producer_id"),
    ("kb_fundingrecord", "donor_id"),
    ("kb_programme", "lead_organisation_id"),
    ("kb_programmefinancing", "financier_id"),
    ("kb_hazardarea", "operator_id"),
    ("kb_landreleaseactivity", "operator_id"),
]
AREA_DEPENDENTS = [
    *((table, "area_id") for table in CITED_TABLES if table not in WITHOUT_AREA),
    ("kb_usereport", "actor_area_id"),
    ("kb_transfer", "from_area_id"),
]
ADMIN_AREA_DEPENDENTS = [
    (table, "admin_area_id") for table in (*STATISTIC_TABLES, "kb_hazardarea", "kb_landreleaseactivity")
]
TREATY_DEPENDENTS = [("kb_treatyaction", "treaty_id"), ("kb_treatyobligation", "treaty_id")]
PROGRAMME_DEPENDENTS = [("kb_programmefinancing", "programme_id"), ("kb_programmemilestone", "programme_id")]

# The row's own content changed (a save that changes nothing but updated_at touches nobody).
CONTENT_CHANGED = pgtrigger.Condition(
    "((to_jsonb(OLD.*) - 'updated_at') IS DISTINCT FROM (to_jsonb(NEW.*) - 'updated_at'))"
)


def _touch(table: str, where: str) -> str:
    return (
        f"UPDATE {table} t SET updated_at = now() WHERE {where} AND NOT EXISTS "
        f"(SELECT 1 FROM {table}event e WHERE e.pgh_obj_id = t.id AND e.pgh_created_at = now());"
    )


def dependents_trigger(dependents: list[tuple[str, str]]) -> pgtrigger.Trigger:
    """After a row's content changes, touch every row of `dependents` ([(table, foreign key column)]) pointing to it."""
    statements = " ".join(_touch(table, f"t.{column} = NEW.id") for table, column in dependents)
    return pgtrigger.Trigger(
        name="touch_dependents",
        operation=pgtrigger.Update,
        when=pgtrigger.After,
        condition=CONTENT_CHANGED,
        func=f"{statements} RETURN NULL;",
    )


def _touch_cited(row: str) -> str:
    return " ".join(
        _touch(
            table,
            f"t.id = {row}.object_id AND {row}.content_type_id = "
            f"(SELECT id FROM django_content_type WHERE app_label = 'kb' AND model = '{table.removeprefix('kb_')}')",
        )
        for table in CITED_TABLES
    )


def citation_trigger() -> pgtrigger.Trigger:
    """A further citation added, changed or removed changes the record that shows it (and, when moved, both)."""
    return pgtrigger.Trigger(
        name="touch_cited_record",
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        when=pgtrigger.After,
        func=(
            f"IF TG_OP <> 'DELETE' THEN {_touch_cited('NEW')} END IF; "
            f"IF TG_OP <> 'INSERT' THEN {_touch_cited('OLD')} END IF; RETURN NULL;"
        ),
    )


# An activity shows the hazard areas it released land from (their id and reference, those the reader may see).
RELEASE_LINKS = "kb_landreleaseactivity_hazard_areas"


def linked_activities_trigger() -> pgtrigger.Trigger:
    """A hazard area's reference or review status changed: the activities linked to it show it otherwise."""
    linked = f"t.id IN (SELECT landreleaseactivity_id FROM {RELEASE_LINKS} WHERE hazardarea_id = NEW.id)"
    return pgtrigger.Trigger(
        name="touch_linked_activities",
        operation=pgtrigger.Update,
        when=pgtrigger.After,
        condition=pgtrigger.Q(old__reference__df=pgtrigger.F("new__reference"))
        | pgtrigger.Q(old__status__df=pgtrigger.F("new__status")),
        func=f"{_touch('kb_landreleaseactivity', linked)} RETURN NULL;",
    )


def link_triggers() -> list[pgtrigger.Trigger]:
    """A link added or removed changes the activity that shows it. Once per statement, over the statement's rows (an
    import COPYs thousands of links at once)."""
    touch = _touch("kb_landreleaseactivity", "t.id IN (SELECT landreleaseactivity_id FROM links)")
    return [
        pgtrigger.Trigger(
            name=f"touch_activity_on_{name}",
            operation=operation,
            when=pgtrigger.After,
            level=pgtrigger.Statement,
            referencing=pgtrigger.Referencing(**{side: "links"}),
            func=f"{touch} RETURN NULL;",
        )
        for name, operation, side in (("link", pgtrigger.Insert, "new"), ("unlink", pgtrigger.Delete, "old"))
    ]

"""Aggregates computed from the figures rather than stored."""

from collections.abc import Iterable, Sequence

from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import get_language

from kb.choices import AreaKindChoices, PeriodKindChoices
from kb.choices import QualifierChoices as Qualifier
from kb.models import CasualtyRecord
from kb.models.casualties import BREAKDOWNS

SUMMARY_DIMENSIONS = ("area", "pcode", "year", *BREAKDOWNS)
MEASURES = ("total", "killed", "injured", "fate_unknown")
MSG_GROUP_BY = "Unknown grouping {value!r}; group by any of: " + ", ".join(SUMMARY_DIMENSIONS) + "."
MSG_GROUP_BY_EMPTY = "Name at least one dimension to group by."

_VALUE_FIELDS = {
    "area": ("area__code", "area__name", "area__name_uk", "area__name_ru"),
    "pcode": ("admin_area__pcode", "admin_area__name", "admin_area__name_uk", "admin_area__name_ru"),
    "year": ("year",),
}


# Sums of lower bounds are lower bounds, of upper bounds upper bounds; "more than" summed with an exact or an
# "at least" figure is only "at least" (strictness is lost), and bounds of both directions leave an estimate.
_BOUND_FAMILIES = (
    ({Qualifier.MORE_THAN}, Qualifier.MORE_THAN),
    ({Qualifier.MORE_THAN, Qualifier.AT_LEAST}, Qualifier.AT_LEAST),
    ({Qualifier.LESS_THAN}, Qualifier.LESS_THAN),
    ({Qualifier.LESS_THAN, Qualifier.UP_TO}, Qualifier.UP_TO),
)


def qualifier_combine(qualifiers: Iterable[str | None]) -> str | None:
    """The qualifier of a sum, from its parts' qualifiers (None: exact): the weakest claim the parts support.

    at least 12 + 5 = at least 17; at least 12 + approximately 5 = approximately 17; at least 12 + up to 5 has no
    bound in either direction, so it is approximately 17."""
    hedged = {q for q in qualifiers if q}
    if not hedged:
        return None
    for family, combined in _BOUND_FAMILIES:
        if hedged <= family:
            return combined
    return Qualifier.APPROXIMATELY


def summary_group_by_parse(text: str) -> list[str]:
    """'area, year' -> ['area', 'year'], or ValidationError naming the parameter."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise ValidationError({"group_by": [MSG_GROUP_BY_EMPTY]})
    unknown = [name for name in names if name not in SUMMARY_DIMENSIONS]
    if unknown:
        raise ValidationError({"group_by": [MSG_GROUP_BY.format(value=name) for name in unknown]})
    return list(dict.fromkeys(names))


def _localized(row: dict, prefix: str) -> str:
    """The name in the active language, falling back to English (as Area.localized_name)."""
    language = (get_language() or "en")[:2]
    return row.get(f"{prefix}_{language}") or row[prefix]


def _group(row: dict, group_by: Sequence[str]) -> dict:
    group = {}
    for name in group_by:
        if name == "area":
            group["area"] = {"iso3": row["area__code"], "name": _localized(row, "area__name")}
        elif name == "pcode":
            group["admin_area"] = {"pcode": row["admin_area__pcode"], "name": _localized(row, "admin_area__name")}
        else:
            group[name] = row[name]
    return group


def casualty_summary_list(
    *, records: QuerySet[CasualtyRecord], group_by: Sequence[str], include_aggregates: bool = False
) -> list[dict]:
    """Sums of calendar-year casualty figures per group, respecting unknowns.

    Which rows are summed follows from the grouping, so no casualty is counted twice: a breakdown dimension in
    `group_by` takes the rows broken down by it; every other dimension takes the rows not broken down by it
    ("all"). National figures are used unless grouping by p-code. Aggregate areas (the world, States Parties) are
    left out unless `include_aggregates`, since they would double-count their countries. A measure no record
    reported sums to None (unknown), never 0; `records` beside each sum says how many records reported it.
    """
    # Preferred figures only, whatever the caller filtered: two sources' figures for one cell are one count.
    rows = records.filter(
        is_preferred=True, period_kind=PeriodKindChoices.YEAR, admin_area__isnull="pcode" not in group_by
    )
    for dimension in BREAKDOWNS:
        rows = rows.filter(**{f"{dimension}__isnull": dimension not in group_by})
    if not include_aggregates:
        rows = rows.exclude(area__kind=AreaKindChoices.AGGREGATE)
    value_fields = [field for name in group_by for field in _VALUE_FIELDS.get(name, (name,))]
    aggregates = {f"{measure}_sum": Sum(measure) for measure in MEASURES}
    aggregates |= {f"{measure}_records": Count(measure) for measure in MEASURES}
    aggregates |= {
        f"{measure}_qualifiers": ArrayAgg(
            KeyTextTransform(measure, "qualifiers"), distinct=True, filter=Q(**{f"{measure}__isnull": False})
        )
        for measure in MEASURES
    }
    grouped = (
        rows.order_by()
        .values(*value_fields)
        .annotate(
            records=Count("id"),
            sources=ArrayAgg("source__slug", distinct=True, ordering="source__slug"),
            **aggregates,
        )
        .order_by(*value_fields)
    )
    return [
        {
            "group": _group(row, group_by),
            "records": row["records"],
            "sources": row["sources"],
            **{
                m: {
                    "sum": row[f"{m}_sum"],
                    "records": row[f"{m}_records"],
                    "qualifier": qualifier_combine(row[f"{m}_qualifiers"] or ()),
                }
                for m in MEASURES
            },
        }
        for row in grouped
    ]

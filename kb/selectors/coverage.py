"""Which statistics exist for which area and year: the gaps staff should fill, against a universe of areas that
should have data (all states, the States Parties to a treaty on a date, states reported as contaminated, or a list
kept by staff), so areas and years without any figure show as missing.

States reported as contaminated are a universe per year: a state is expected in the years a contamination record
places it in (a source's list of affected states, or a figure), and for each of those years the matrix says which
of CONTAMINATED_CHECKS are known and which are missing."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear

from kb.choices import AreaKindChoices
from kb.models import (
    Area,
    ArmedConflictPeriod,
    ContaminationRecord,
    CoverageList,
    Treaty,
    TreatyAction,
)
from kb.models.contamination import REPORTED_ONLY
from kb.selectors.treaties import treaty_seen, treaty_status_list
from kb.statistics.registry import STATISTICS as DECLARED
from kb.translations import collated_positions

STATISTICS = {name: statistic.model for name, statistic in DECLARED.items()}


UNIVERSES = ("data", "all-states", "states-parties", "contaminated", "list")
# What a state reported as contaminated should have for each year it is reported: the extent, what was released, who
# was hurt.
CONTAMINATED_CHECKS = ("contamination", "land-release", "casualties")
MSG_UNIVERSE_TREATY = "Name the treaty (treaty=APMBC) whose States Parties to expect data for."
MSG_UNIVERSE_LIST = "Name the coverage list (list=<slug>) to expect data for."


def coverage_universe_areas(
    *,
    universe: str,
    visible: Callable[[type], QuerySet],
    treaty: Treaty | None = None,
    on: dt.date | None = None,
    coverage_list: CoverageList | None = None,
) -> list[Area] | None:
    """The areas expected to have data; None for "data" (the areas that have some, the matrix's old behaviour)."""
    if universe == "all-states":
        return list(Area.objects.filter(kind=AreaKindChoices.COUNTRY))
    if universe == "states-parties":
        if treaty is None:
            raise ValidationError({"treaty": [MSG_UNIVERSE_TREATY]})
        statuses = treaty_status_list(
            treaty=treaty_seen(treaty, visible),
            on=on or dt.date.today(),
            actions=visible(TreatyAction),
            conflicts=visible(ArmedConflictPeriod),
        )
        return [item.area for item in statuses if item.status.is_bound]
    if universe == "contaminated":
        return list(Area.objects.filter(pk__in=_contaminated(visible).values("area_id")))
    if universe == "list":
        if coverage_list is None:
            raise ValidationError({"list": [MSG_UNIVERSE_LIST]})
        return list(coverage_list.areas.all())
    return None


def _contaminated(visible: Callable[[type], QuerySet]) -> QuerySet:
    """Contamination records of states and other areas (not of the world or a group of states)."""
    return visible(ContaminationRecord).exclude(area__kind=AreaKindChoices.AGGREGATE)


def coverage_reported_years(
    *,
    visible: Callable[[type], QuerySet],
    year_from: int | None = None,
    year_to: int | None = None,
) -> dict[int, list[int]]:
    """{area id: [year, ...]}: the years in which a visible contamination record reports each area as contaminated,
    the expectation of the "contaminated" universe."""
    years: dict[int, set[int]] = defaultdict(set)
    for area_id, year in _years_touched(_contaminated(visible), year_from, year_to):
        years[area_id].add(year)
    return {area_id: sorted(found) for area_id, found in years.items()}


def _years_touched(queryset: QuerySet, year_from: int | None, year_to: int | None) -> Iterator[tuple[int, int]]:
    """(area id, year) for every year the period of a record touches, within the bounds: a figure for 2019-01-01 to
    2020-06-30 is there for 2019 and 2020, not only for the year its period starts."""
    if year_from is not None:
        queryset = queryset.filter(period_end__year__gte=year_from)
    if year_to is not None:
        queryset = queryset.filter(year__lte=year_to)
    spans = queryset.order_by().values_list("area_id", "year", ExtractYear("period_end")).distinct()
    for area_id, first, last in spans:
        start = first if year_from is None else max(first, year_from)
        end = last if year_to is None else min(last, year_to)
        for year in range(start, end + 1):
            yield area_id, year


def coverage_matrix_get(
    *,
    visible: Callable[[type], QuerySet],
    year_from: int | None = None,
    year_to: int | None = None,
    area: Area | None = None,
    universe: list[Area] | None = None,
    reported: dict[int, list[int]] | None = None,
) -> dict:
    """{"years": [...], "statistics": [...], "checked": [...], "rows": [{"area": Area, "cells": {year: [resource,
    ...]}, "missing_years": [...], "reported_years": [...] | None, "missing": {year: [resource, ...]} | None}]}:
    with a `universe`, one row per area of it (with or without data) and, when both bounds are given, every year
    between them; otherwise the areas and years that have data. With `reported` ({area id: [year, ...]}, the
    contaminated universe), each row also gives the years its area is expected and, for each, which of
    CONTAMINATED_CHECKS it lacks. A contamination record that only lists an area as contaminated is not a known
    extent, so it fills no "contamination" cell."""
    cells: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name, model in STATISTICS.items():
        queryset = visible(model)
        if model is ContaminationRecord:
            queryset = queryset.exclude(REPORTED_ONLY)
        if area is not None:
            queryset = queryset.filter(area_id=area.pk)
        for area_id, year in set(_years_touched(queryset, year_from, year_to)):
            cells[area_id][year].append(name)
    if universe is not None:
        areas = {
            a.pk: a for a in universe if (area is None or a.pk == area.pk) and (reported is None or a.pk in reported)
        }
    else:
        areas = Area.objects.in_bulk(list(cells))
    if universe is not None and year_from is not None and year_to is not None:
        years = list(range(year_from, year_to + 1))
    else:
        years = sorted({year for area_id, by_year in cells.items() if area_id in areas for year in by_year})
    if reported is not None:
        years = sorted({*years, *(year for area_id in areas for year in reported.get(area_id, ()))})
    rows = [
        {
            "area": found,
            "cells": {year: sorted(names) for year, names in sorted(cells[area_id].items())},
            "missing_years": [year for year in years if year not in cells[area_id]],
            **_reported_row(reported, area_id, cells[area_id]),
        }
        for area_id, found in areas.items()
    ]
    # By the name shown, in the language's alphabetical order (ICU, in the database).
    position = collated_positions(Area.objects.filter(pk__in=list(areas)), "name", "code")
    rows.sort(key=lambda row: position[row["area"].pk])
    checked = list(CONTAMINATED_CHECKS) if reported is not None else []
    return {"years": years, "statistics": list(STATISTICS), "checked": checked, "rows": rows}


def _reported_row(reported: dict[int, list[int]] | None, area_id: int, by_year: dict[int, list[str]]) -> dict:
    if reported is None:
        return {"reported_years": None, "missing": None}
    years = reported.get(area_id, [])
    missing = {year: [name for name in CONTAMINATED_CHECKS if name not in by_year.get(year, ())] for year in years}
    return {"reported_years": years, "missing": missing}


def coverage_rows_tidy(matrix: dict) -> list[dict]:
    """One row per area, year and statistic, saying whether a figure exists: the matrix for CSV and HXL. Against
    states reported as contaminated, only the years each is reported and the statistics checked for it."""
    if matrix["checked"]:
        return [
            {
                "area": row["area"].code,
                "area_name": row["area"].localized_name,
                "year": year,
                "statistic": statistic,
                "present": "false" if statistic in missing else "true",
            }
            for row in matrix["rows"]
            for year, missing in row["missing"].items()
            for statistic in matrix["checked"]
        ]
    return [
        {
            "area": row["area"].code,
            "area_name": row["area"].localized_name,
            "year": year,
            "statistic": statistic,
            "present": "true" if statistic in row["cells"].get(year, ()) else "false",
        }
        for row in matrix["rows"]
        for year in matrix["years"]
        for statistic in matrix["statistics"]
    ]

"""Which statistics exist for which area and year: the gaps staff should fill, against a universe of areas that
should have data (all states, the States Parties to a treaty on a date, states reported as contaminated, or a list
kept by staff), so areas and years without any figure show as missing."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from kb.choices import AreaKindChoices
from kb.models import (
    Area,
    ArmedConflictPeriod,
    ContaminationRecord,
    CoverageList,
    Treaty,
    TreatyAction,
)
from kb.selectors.treaties import treaty_status_list
from kb.statistics.registry import STATISTICS as DECLARED
from kb.translations import collated

STATISTICS = {name: statistic.model for name, statistic in DECLARED.items()}


UNIVERSES = ("data", "all-states", "states-parties", "contaminated", "list")
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
            treaty=treaty,
            on=on or dt.date.today(),
            actions=visible(TreatyAction),
            conflicts=visible(ArmedConflictPeriod),
        )
        return [item.area for item in statuses if item.status.is_bound]
    if universe == "contaminated":
        return list(Area.objects.filter(pk__in=visible(ContaminationRecord).values("area_id")))
    if universe == "list":
        if coverage_list is None:
            raise ValidationError({"list": [MSG_UNIVERSE_LIST]})
        return list(coverage_list.areas.all())
    return None


def coverage_matrix_get(
    *,
    visible: Callable[[type], QuerySet],
    year_from: int | None = None,
    year_to: int | None = None,
    area: Area | None = None,
    universe: list[Area] | None = None,
) -> dict:
    """{"years": [...], "statistics": [...], "rows": [{"area": Area, "cells": {year: [resource, ...]},
    "missing_years": [...]}]}: with a `universe`, one row per area of it (with or without data) and, when both
    bounds are given, every year between them; otherwise the areas and years that have data."""
    cells: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name, model in STATISTICS.items():
        queryset = visible(model)
        if year_from is not None:
            queryset = queryset.filter(year__gte=year_from)
        if year_to is not None:
            queryset = queryset.filter(year__lte=year_to)
        if area is not None:
            queryset = queryset.filter(area_id=area.pk)
        for area_id, year in queryset.order_by().values_list("area_id", "year").distinct():
            cells[area_id][year].append(name)
    if universe is not None:
        areas = {a.pk: a for a in universe if area is None or a.pk == area.pk}
    else:
        areas = Area.objects.in_bulk(list(cells))
    if universe is not None and year_from is not None and year_to is not None:
        years = list(range(year_from, year_to + 1))
    else:
        years = sorted({year for area_id, by_year in cells.items() if area_id in areas for year in by_year})
    rows = [
        {
            "area": found,
            "cells": {year: sorted(names) for year, names in sorted(cells[area_id].items())},
            "missing_years": [year for year in years if year not in cells[area_id]],
        }
        for area_id, found in areas.items()
    ]
    # By the name shown, in the language's alphabetical order (ICU, in the database).
    order = Area.objects.filter(pk__in=list(areas)).order_by(collated("name"), "code").values_list("pk", flat=True)
    position = {pk: index for index, pk in enumerate(order)}
    rows.sort(key=lambda row: position[row["area"].pk])
    return {"years": years, "statistics": list(STATISTICS), "rows": rows}


def coverage_rows_tidy(matrix: dict) -> list[dict]:
    """One row per area, year and statistic, saying whether a figure exists: the matrix for CSV and HXL."""
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

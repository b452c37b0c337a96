"""Which statistics exist for which area and year: the gaps staff should fill."""

from collections import defaultdict
from collections.abc import Callable

from django.db.models import QuerySet

from kb.models import (
    Area,
    CasualtyRecord,
    ContaminationRecord,
    FundingRecord,
    LandReleaseRecord,
    ProductionRecord,
    StockpileRecord,
    UseReport,
)

STATISTICS = {
    "casualties": CasualtyRecord,
    "contamination": ContaminationRecord,
    "land-release": LandReleaseRecord,
    "stockpiles": StockpileRecord,
    "production": ProductionRecord,
    "use-reports": UseReport,
    "funding": FundingRecord,
}


def coverage_matrix_get(
    *,
    visible: Callable[[type], QuerySet],
    year_from: int | None = None,
    year_to: int | None = None,
    area: Area | None = None,
) -> dict:
    """{"years": [...], "rows": [{"area": Area, "cells": {year: [resource, ...]}}]} over every area with data."""
    cells: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name, model in STATISTICS.items():
        queryset = visible(model)
        if year_from is not None:
            queryset = queryset.filter(year__gte=year_from)
        if year_to is not None:
            queryset = queryset.filter(year__lte=year_to)
        if area is not None:
            queryset = queryset.filter(area=area)
        for area_id, year in queryset.order_by().values_list("area_id", "year").distinct():
            cells[area_id][year].append(name)
    areas = Area.objects.in_bulk(list(cells))
    years = sorted({year for by_year in cells.values() for year in by_year})
    rows = [
        {"area": areas[area_id], "cells": {year: sorted(names) for year, names in sorted(by_year.items())}}
        for area_id, by_year in cells.items()
    ]
    rows.sort(key=lambda row: row["area"].name)
    return {"years": years, "rows": rows}

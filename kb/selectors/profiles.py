"""A country (or area) across every part of the knowledge base."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet, Value, prefetch_related_objects

from kb.choices import AreaKindChoices, PeriodKindChoices
from kb.models import (
    Area,
    ArmedConflictPeriod,
    CasualtyRecord,
    Citation,
    ContaminationRecord,
    FundingRecord,
    LandReleaseRecord,
    ProductionRecord,
    Programme,
    ProgrammeFinancing,
    ProgrammeMilestone,
    StockpileRecord,
    Transfer,
    Treaty,
    TreatyAction,
    TreatyObligation,
    UseReport,
)
from kb.models.casualties import BREAKDOWNS
from kb.models.contamination import REPORTED_ONLY
from kb.selectors.obligations import ObligationStanding, area_obligations_get
from kb.selectors.treaties import AreaTreatyStatus, treaty_seen, treaty_status_list
from kb.statistics.base import Statistic
from kb.statistics.contamination import CONTAMINATION
from kb.statistics.stockpiles import STOCKPILES
from kb.translations import collated

CITATIONS = Prefetch("citations", queryset=Citation.objects.select_related("source"))


@dataclass
class CountryProfile:
    area: Area
    on: dt.date
    treaty_status: list[AreaTreatyStatus] = field(default_factory=list)
    obligations: list[ObligationStanding] = field(default_factory=list)
    transparency_reports: list[TreatyObligation] = field(default_factory=list)
    casualty_series: list[CasualtyRecord] = field(default_factory=list)
    casualties_by_device: list[CasualtyRecord] = field(default_factory=list)
    land_release_series: list[LandReleaseRecord] = field(default_factory=list)
    latest_casualties: list[CasualtyRecord] = field(default_factory=list)
    latest_contamination: list[ContaminationRecord] = field(default_factory=list)
    latest_land_release: list[LandReleaseRecord] = field(default_factory=list)
    latest_stockpiles: list[StockpileRecord] = field(default_factory=list)
    production: list[ProductionRecord] = field(default_factory=list)
    use_reports: list[UseReport] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    financing: list[ProgrammeFinancing] = field(default_factory=list)
    milestones: list[ProgrammeMilestone] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    latest_funding: list[FundingRecord] = field(default_factory=list)


def _has_citations(model: type) -> bool:
    """Live records have further citations to prefetch; history snapshots (as of a past moment) have none."""
    return hasattr(model, "citations")


def _cited(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(CITATIONS) if _has_citations(queryset.model) else queryset


def _newest_period(queryset: QuerySet) -> list:
    """The figures of the most recent period that has any (all of that period's cells): for flows (casualties, land
    released, funding) the latest report, whose older cells are in the series beside it. In the model's order with
    ties in the order of their primary key, so the page lists them the same way each time."""
    newest = queryset.order_by("-period_end").values_list("period_end", flat=True).first()
    return _ordered(queryset.filter(period_end=newest)) if newest else []


def _ordered(queryset: QuerySet) -> list:
    # A history snapshot (as of a past moment) has no ordering of its own: it orders as the live model does.
    model = getattr(queryset.model, "pgh_tracked_model", None) or queryset.model
    return list(queryset.order_by(*(queryset.query.order_by or model._meta.ordering), "pk"))


def _latest(queryset: QuerySet, statistic: Statistic, bare: Q | None = None) -> list:
    """For states of things (contamination, stockpiles): the newest figure of each cell (one value of each of the
    statistic's dimensions: all devices, each device type), so a newer report of one cell does not hide another's.
    Where a cell's newest record is `bare` (a listing without an extent), its newest record that is not is kept
    beside it."""
    dimensions = list(statistic.dimensions)
    flag = ExpressionWrapper(bare, output_field=BooleanField()) if bare is not None else Value(False)
    rows = queryset.order_by("-period_end", "pk").values_list("pk", flag, *dimensions)
    newest, with_figures, chosen = {}, set(), []
    for pk, is_bare, *cell in rows:
        cell = tuple(cell)
        if cell not in newest:
            newest[cell] = is_bare
            chosen.append(pk)
        elif newest[cell] and not is_bare and cell not in with_figures:
            with_figures.add(cell)
            chosen.append(pk)
    return _ordered(queryset.filter(pk__in=chosen)) if chosen else []


def _treaty_statuses(area: Area, visible: Callable[[type], QuerySet], on: dt.date) -> list[AreaTreatyStatus]:
    """Under every treaty: a state with no recorded action is shown as not recorded (or not a party), never left
    out. The world or a group of states has none: treaties bind states, and "not a party" would be false of it."""
    if area.kind == AreaKindChoices.AGGREGATE:
        return []
    return [
        status
        for treaty in Treaty.objects.order_by("code")
        for status in treaty_status_list(
            treaty=treaty_seen(treaty, visible),
            on=on,
            actions=visible(TreatyAction),
            conflicts=visible(ArmedConflictPeriod),
            area=area,
        )
    ]


def country_profile_get(
    *, area: Area, visible: Callable[[type], QuerySet], on: dt.date | None = None
) -> CountryProfile:
    """Everything published about `area`: treaty status and the standing on treaty deadlines on `on` (default
    today), transparency reports, the latest preferred figures of every statistic with their sources, the yearly
    casualty series, production, use, transfers, programmes with their milestones and financing, and funding.

    `visible(Model)` returns the queryset of that model the caller may see (published only for the public)."""
    on = on or dt.date.today()

    def figures(model):
        return _cited(
            visible(model)
            .filter(is_preferred=True, admin_area__isnull=True)
            .select_related("area", "admin_area", "source")
        )

    headline = {f"{d}__isnull": True for d in BREAKDOWNS}
    casualties = figures(CasualtyRecord).filter(area=area)
    profile = CountryProfile(area=area, on=on, treaty_status=_treaty_statuses(area, visible, on))
    profile.obligations, profile.transparency_reports = area_obligations_get(area=area, visible=visible, on=on)
    if _has_citations(visible(TreatyObligation).model):
        prefetch_related_objects(profile.transparency_reports, CITATIONS)
    profile.casualty_series = list(
        casualties.filter(period_kind=PeriodKindChoices.YEAR, **headline).order_by("period_start")
    )
    by_device = {f"{d}__isnull": d != "device_type" for d in BREAKDOWNS}
    profile.casualties_by_device = list(
        casualties.filter(period_kind=PeriodKindChoices.YEAR, **by_device).order_by("period_start", "device_type")
    )
    profile.latest_casualties = _newest_period(casualties)
    profile.land_release_series = list(
        figures(LandReleaseRecord)
        .filter(area=area)
        .select_related("operator")
        .order_by("period_start", "operator__name", "device_type")
    )
    profile.latest_contamination = _latest(figures(ContaminationRecord).filter(area=area), CONTAMINATION, REPORTED_ONLY)
    profile.latest_land_release = _newest_period(
        figures(LandReleaseRecord).filter(area=area).select_related("operator")
    )
    profile.latest_stockpiles = _latest(figures(StockpileRecord).filter(area=area), STOCKPILES)
    profile.production = list(
        figures(ProductionRecord)
        .filter(Q(area=area) | Q(producer__country=area))
        .select_related("producer")
        .order_by("producer__name", "period_start", "basis")
    )
    profile.use_reports = list(
        figures(UseReport).filter(area=area).select_related("actor_area").order_by("-period_end")
    )
    profile.programmes = list(
        _cited(visible(Programme).filter(area=area).select_related("area", "lead_organisation", "source")).order_by(
            collated("name")
        )
    )
    profile.milestones = list(
        _cited(visible(ProgrammeMilestone).filter(programme__area=area).select_related("programme", "source")).order_by(
            "date", "kind"
        )
    )
    for programme in profile.programmes:
        programme.milestone_list = [m for m in profile.milestones if m.programme_id == programme.id]
    profile.transfers = list(
        figures(Transfer).filter(Q(area=area) | Q(from_area=area)).select_related("from_area").order_by("period_start")
    )
    profile.financing = list(
        _cited(
            visible(ProgrammeFinancing).filter(area=area).select_related("area", "programme", "financier", "source")
        ).order_by("date", "slug")
    )
    profile.latest_funding = _newest_period(figures(FundingRecord).filter(area=area).select_related("donor"))
    return profile

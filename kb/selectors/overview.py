"""The world at a glance: casualties per year, the worst-affected countries of a year, states leaving the Mine Ban
Treaty. Published figures only: this feeds the public pages."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from kb.choices import AreaKindChoices, PeriodKindChoices
from kb.models import ArmedConflictPeriod, CasualtyRecord, Treaty, TreatyAction
from kb.models.casualties import BREAKDOWNS
from kb.selectors.profiles import CITATIONS
from kb.selectors.treaties import AreaTreatyStatus, treaty_seen, treaty_status_list
from kb.translations import collated

WORLD = "WLD"
MINE_BAN_TREATY = "APMBC"
TOP_COUNTRIES = 10


@dataclass
class WorldOverview:
    on: dt.date
    casualty_series: list[CasualtyRecord] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    year: int | None = None
    top_countries: list[CasualtyRecord] = field(default_factory=list)
    country_casualties: list[CasualtyRecord] = field(default_factory=list)  # every country's figure for `year`
    leaving_mine_ban_treaty: list[AreaTreatyStatus] = field(default_factory=list)


def _published(model):
    return model._default_manager.published()


def headline_casualties(visible: Callable[[type], QuerySet] = _published):
    """Published, preferred, national, calendar-year casualty figures not broken down by any dimension."""
    figures = (
        visible(CasualtyRecord)
        .filter(
            is_preferred=True,
            admin_area__isnull=True,
            period_kind=PeriodKindChoices.YEAR,
            **{f"{dimension}__isnull": True for dimension in BREAKDOWNS},
        )
        .select_related("area", "source")
    )
    # History snapshots (as of a past moment) carry no further citations.
    return figures.prefetch_related(CITATIONS) if hasattr(figures.model, "citations") else figures


def world_overview_get(
    *, year: int | None = None, on: dt.date | None = None, visible: Callable[[type], QuerySet] = _published
) -> WorldOverview:
    """The overview for `year` (default: the latest year with country figures), from what `visible(Model)` gives
    (published records now, or as published at a past moment)."""
    overview = WorldOverview(on=on or dt.date.today())
    headline = headline_casualties(visible)
    overview.casualty_series = list(headline.filter(area__code=WORLD).order_by("period_start"))
    # A country whose source gave killed and injured but no total is ranked by what was given (a lower bound); its
    # total stays unknown, as in the API.
    countries = headline.exclude(area__kind=AreaKindChoices.AGGREGATE).filter(
        Q(total__isnull=False) | Q(killed__isnull=False) | Q(injured__isnull=False) | Q(fate_unknown__isnull=False)
    )
    overview.years = sorted(set(countries.values_list("year", flat=True)), reverse=True)
    overview.year = year if year in overview.years else next(iter(overview.years), None)
    known = Coalesce("total", Coalesce("killed", 0) + Coalesce("injured", 0) + Coalesce("fate_unknown", 0))
    overview.country_casualties = list(
        countries.filter(year=overview.year).order_by(known.desc(), collated("area__name"))
    )
    overview.top_countries = overview.country_casualties[:TOP_COUNTRIES]
    treaty = Treaty.objects.filter(code=MINE_BAN_TREATY).first()
    if treaty is not None:
        statuses = treaty_status_list(
            treaty=treaty_seen(treaty, visible),
            on=overview.on,
            actions=visible(TreatyAction),
            conflicts=visible(ArmedConflictPeriod),
        )
        # A withdrawal is known from its notice or, where the notice date was not found, from its stated effect.
        overview.leaving_mine_ban_treaty = sorted(
            (item for item in statuses if _withdrawal_day(item.status)),
            key=lambda item: _withdrawal_day(item.status),  # stable: same-day notices stay in name order
        )
    return overview


def _withdrawal_day(status):
    """The day a withdrawal is first known: its notice, else the day a source says it took effect."""
    return status.withdrawal_notified_on or status.withdrawal_effective_on

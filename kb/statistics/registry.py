"""Every statistic's declaration, in the order the API, the import screens and the change feed list them."""

from kb.statistics.base import Statistic
from kb.statistics.casualties import CASUALTIES
from kb.statistics.contamination import CONTAMINATION
from kb.statistics.funding import FUNDING
from kb.statistics.land_release import LAND_RELEASE
from kb.statistics.production import PRODUCTION, USE_REPORTS
from kb.statistics.stockpiles import STOCKPILES
from kb.statistics.transfers import TRANSFERS

STATISTICS: dict[str, Statistic] = {
    statistic.resource: statistic
    for statistic in (CASUALTIES, CONTAMINATION, LAND_RELEASE, STOCKPILES, PRODUCTION, USE_REPORTS, TRANSFERS, FUNDING)
}


def statistic_for_model(model) -> Statistic:
    for statistic in STATISTICS.values():
        if statistic.model is model:
            return statistic
    raise LookupError(f"No statistic is declared for {model.__name__}")

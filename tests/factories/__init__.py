from tests.factories.hazards import HazardAreaFactory, LandReleaseActivityFactory
from tests.factories.obligations import TreatyObligationFactory
from tests.factories.reference import AdminAreaFactory, AreaFactory, OrganisationFactory
from tests.factories.sources import CitationFactory, SourceFactory
from tests.factories.statistics import CasualtyRecordFactory, LandReleaseRecordFactory, ProductionRecordFactory
from tests.factories.treaties import ArmedConflictPeriodFactory, TreatyActionFactory, TreatyFactory

__all__ = [
    "AdminAreaFactory",
    "AreaFactory",
    "ArmedConflictPeriodFactory",
    "CasualtyRecordFactory",
    "CitationFactory",
    "HazardAreaFactory",
    "LandReleaseActivityFactory",
    "LandReleaseRecordFactory",
    "OrganisationFactory",
    "ProductionRecordFactory",
    "SourceFactory",
    "TreatyActionFactory",
    "TreatyFactory",
    "TreatyObligationFactory",
]

from tests.factories.reference import AdminAreaFactory, AreaFactory, OrganisationFactory
from tests.factories.sources import CitationFactory, SourceFactory
from tests.factories.treaties import ArmedConflictPeriodFactory, TreatyActionFactory, TreatyFactory

__all__ = [
    "AdminAreaFactory",
    "AreaFactory",
    "ArmedConflictPeriodFactory",
    "CitationFactory",
    "OrganisationFactory",
    "SourceFactory",
    "TreatyActionFactory",
    "TreatyFactory",
]

from kb.models.reference import AdminArea, Area, Organisation
from kb.models.sources import Citation, Source
from kb.models.treaties import ArmedConflictPeriod, Treaty, TreatyAction

__all__ = [
    "AdminArea",
    "Area",
    "ArmedConflictPeriod",
    "Citation",
    "Organisation",
    "Source",
    "Treaty",
    "TreatyAction",
]

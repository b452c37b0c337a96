from kb.models.basemap import BasemapCountry
from kb.models.casualties import CasualtyRecord
from kb.models.contamination import ContaminationRecord
from kb.models.funding import FundingRecord
from kb.models.hazards import HazardArea, LandReleaseActivity
from kb.models.imports import ImportBatch, ImportBatchStatusChoices
from kb.models.jobs import ExportFormatChoices, ExportJob, JobStatusChoices, ReleaseJob, RevertJob
from kb.models.land_release import LandReleaseRecord
from kb.models.obligations import TreatyObligation
from kb.models.partners import PartnerToken, TokenScopeChoices
from kb.models.production import ProductionRecord, UseReport
from kb.models.programmes import Programme, ProgrammeFinancing, ProgrammeMilestone
from kb.models.reference import AdminArea, Area, CoverageList, Organisation
from kb.models.releases import Release
from kb.models.savedfilters import SavedFilter
from kb.models.sources import Citation, Source
from kb.models.stockpiles import StockpileRecord
from kb.models.transfers import Transfer
from kb.models.treaties import ArmedConflictPeriod, Treaty, TreatyAction
from kb.models.workers import WorkerHeartbeat

__all__ = [
    "AdminArea",
    "Area",
    "ArmedConflictPeriod",
    "BasemapCountry",
    "CasualtyRecord",
    "Citation",
    "ContaminationRecord",
    "CoverageList",
    "ExportFormatChoices",
    "ExportJob",
    "FundingRecord",
    "HazardArea",
    "ImportBatch",
    "ImportBatchStatusChoices",
    "JobStatusChoices",
    "LandReleaseActivity",
    "LandReleaseRecord",
    "Organisation",
    "PartnerToken",
    "ProductionRecord",
    "Programme",
    "ProgrammeFinancing",
    "ProgrammeMilestone",
    "Release",
    "ReleaseJob",
    "RevertJob",
    "SavedFilter",
    "Source",
    "StockpileRecord",
    "TokenScopeChoices",
    "Transfer",
    "Treaty",
    "TreatyAction",
    "TreatyObligation",
    "UseReport",
    "WorkerHeartbeat",
]

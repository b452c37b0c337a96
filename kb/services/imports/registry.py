"""Resource names used by kb_import/kb_export, the admin and the API, mapped to their import mapping."""

from kb.services.imports.base import KbResource
from kb.services.imports.casualties import CasualtyRecordResource
from kb.services.imports.contamination import ContaminationRecordResource
from kb.services.imports.funding import FundingRecordResource
from kb.services.imports.land_release import LandReleaseRecordResource
from kb.services.imports.obligations import TreatyObligationResource
from kb.services.imports.production import ProductionRecordResource, UseReportResource
from kb.services.imports.programmes import (
    ProgrammeFinancingResource,
    ProgrammeMilestoneResource,
    ProgrammeResource,
)
from kb.services.imports.reference import (
    AdminAreaResource,
    AreaResource,
    OrganisationResource,
    SourceResource,
    TreatyResource,
)
from kb.services.imports.stockpiles import StockpileRecordResource
from kb.services.imports.transfers import TransferResource
from kb.services.imports.treaties import ArmedConflictPeriodResource, TreatyActionResource
from kb.statistics.registry import statistic_for_model


def declared(*resources: type[KbResource]) -> dict[str, type[KbResource]]:
    """Statistics' resources by the name their declaration gives them (kb/statistics/)."""
    return {statistic_for_model(resource._meta.model).resource: resource for resource in resources}


RESOURCES: dict[str, type[KbResource]] = {
    # reference
    "areas": AreaResource,
    "admin-areas": AdminAreaResource,
    "organisations": OrganisationResource,
    "sources": SourceResource,
    # treaties
    "treaties": TreatyResource,
    "treaty-actions": TreatyActionResource,
    "armed-conflicts": ArmedConflictPeriodResource,
    "treaty-obligations": TreatyObligationResource,
    # statistics
    **declared(
        CasualtyRecordResource,
        ContaminationRecordResource,
        LandReleaseRecordResource,
        StockpileRecordResource,
        ProductionRecordResource,
        UseReportResource,
        TransferResource,
    ),
    "programmes": ProgrammeResource,
    "programme-financing": ProgrammeFinancingResource,
    "programme-milestones": ProgrammeMilestoneResource,
    **declared(FundingRecordResource),
}


def resource_for_model(model) -> tuple[str, type[KbResource]]:
    for name, resource in RESOURCES.items():
        if resource._meta.model is model:
            return name, resource
    raise LookupError(f"No import resource for {model.__name__}")

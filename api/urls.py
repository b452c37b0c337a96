"""One router for /api/v1/, grouped by area; routes are kebab-case plural nouns."""

from rest_framework.routers import DefaultRouter

from api.views.casualties import CasualtyRecordViewSet
from api.views.changes import ChangeViewSet
from api.views.contamination import ContaminationRecordViewSet
from api.views.data_dictionary import DataDictionaryViewSet
from api.views.exports import ExportJobViewSet
from api.views.funding import FundingRecordViewSet
from api.views.hazards import HazardAreaViewSet, LandReleaseActivityViewSet
from api.views.land_release import LandReleaseRecordViewSet
from api.views.obligations import ObligationStandingViewSet, TreatyObligationViewSet
from api.views.production import ProductionRecordViewSet, UseReportViewSet
from api.views.profiles import CoverageViewSet
from api.views.programmes import ProgrammeFinancingViewSet, ProgrammeMilestoneViewSet, ProgrammeViewSet
from api.views.reference import AdminAreaViewSet, AreaViewSet, OrganisationViewSet
from api.views.releases import ReleaseViewSet
from api.views.sources import SourceViewSet
from api.views.stockpiles import StockpileRecordViewSet
from api.views.transfers import TransferViewSet
from api.views.treaties import ArmedConflictPeriodViewSet, TreatyActionViewSet, TreatyStatusViewSet, TreatyViewSet
from kb.statistics.registry import statistic_for_model

router = DefaultRouter()


def register_statistic(viewset) -> None:
    """A statistic's route and route name, as its declaration gives them (kb/statistics/)."""
    statistic = statistic_for_model(viewset.queryset.model)
    router.register(statistic.resource, viewset, basename=statistic.basename)


# Reference
router.register("countries", AreaViewSet, basename="country")
router.register("admin-areas", AdminAreaViewSet, basename="admin-area")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("sources", SourceViewSet, basename="source")

# Treaties
router.register("treaties", TreatyViewSet, basename="treaty")
router.register("treaty-actions", TreatyActionViewSet, basename="treaty-action")
router.register("armed-conflicts", ArmedConflictPeriodViewSet, basename="armed-conflict")
router.register("treaty-status", TreatyStatusViewSet, basename="treaty-status")
router.register("treaty-obligations", TreatyObligationViewSet, basename="treaty-obligation")
router.register("obligation-standing", ObligationStandingViewSet, basename="obligation-standing")

# Statistics
for viewset in (
    CasualtyRecordViewSet,
    ContaminationRecordViewSet,
    LandReleaseRecordViewSet,
    StockpileRecordViewSet,
    ProductionRecordViewSet,
    UseReportViewSet,
    TransferViewSet,
):
    register_statistic(viewset)
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("programme-financing", ProgrammeFinancingViewSet, basename="programme-financing")
router.register("programme-milestones", ProgrammeMilestoneViewSet, basename="programme-milestone")
register_statistic(FundingRecordViewSet)

# Hazard areas and released land as geometry
router.register("hazard-areas", HazardAreaViewSet, basename="hazard-area")
router.register("land-release-activities", LandReleaseActivityViewSet, basename="land-release-activity")

# Across areas
router.register("coverage", CoverageViewSet, basename="coverage")
router.register("changes", ChangeViewSet, basename="change")

# Describing the data
router.register("data-dictionary", DataDictionaryViewSet, basename="data-dictionary")
router.register("releases", ReleaseViewSet, basename="release")

# Whole filtered lists built as files in the background
router.register("exports", ExportJobViewSet, basename="export")

urlpatterns = router.urls

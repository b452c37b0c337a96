"""One router for /api/v1/, grouped by area; routes are kebab-case plural nouns."""

from rest_framework.routers import DefaultRouter

from api.views.reference import AdminAreaViewSet, AreaViewSet, OrganisationViewSet
from api.views.sources import SourceViewSet
from api.views.treaties import ArmedConflictPeriodViewSet, TreatyActionViewSet, TreatyStatusViewSet, TreatyViewSet

router = DefaultRouter()

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

urlpatterns = router.urls

"""/api/v1/ endpoints of the annual assessment (included beside attendance.api_urls)."""

from rest_framework.routers import SimpleRouter

from .api import AssessmentEntryViewSet, AssessmentRoundViewSet

router = SimpleRouter()
router.register("assessment-rounds", AssessmentRoundViewSet, basename="assessment-round")
router.register("assessment-entries", AssessmentEntryViewSet, basename="assessment-entry")

urlpatterns = router.urls

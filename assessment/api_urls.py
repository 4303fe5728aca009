"""/api/v1/ endpoints of the annual assessment (included beside attendance.api_urls)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import AssessmentEntryViewSet, AssessmentRoundViewSet
from .reports_api import TeamReportViewSet, team_duties

router = SimpleRouter()
router.register("assessment-rounds", AssessmentRoundViewSet, basename="assessment-round")
router.register("assessment-entries", AssessmentEntryViewSet, basename="assessment-entry")
router.register("team-reports", TeamReportViewSet, basename="team-report")

urlpatterns = [
    *router.urls,
    path("teams/<int:pk>/duties/", team_duties, name="team-duties"),
]

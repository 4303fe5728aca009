"""/api/v1/ endpoints of the work log (included beside attendance.api_urls)."""

from rest_framework.routers import SimpleRouter

from .api import LogEntryViewSet

router = SimpleRouter()
router.register("log-entries", LogEntryViewSet, basename="log-entry")

urlpatterns = router.urls

"""/api/v1/ endpoints of the work funds (included beside assessment.api_urls)."""

from rest_framework.routers import SimpleRouter

from .api import ExpenditureViewSet

router = SimpleRouter()
router.register("expenditures", ExpenditureViewSet, basename="expenditure")

urlpatterns = router.urls

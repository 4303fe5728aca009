"""/api/v1/ endpoints of the work funds (included beside assessment.api_urls)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .allowance_api import AllowanceView
from .api import ExpenditureViewSet

router = SimpleRouter()
router.register("expenditures", ExpenditureViewSet, basename="expenditure")

urlpatterns = [
    path("allowances/", AllowanceView.as_view(), name="allowance-list"),
    *router.urls,
]

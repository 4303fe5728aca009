"""/api/v1/: the leave endpoints and a token for phones (POST username, password and device; accounts/token_api.py)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.token_api import token_obtain, token_revoke

from .days.api import AttendanceViewSet, CheckInViewSet
from .leave.api import LeaveRequestViewSet

router = DefaultRouter()
router.register("leave-requests", LeaveRequestViewSet, basename="leave-request")
router.register("checkins", CheckInViewSet, basename="checkin")
router.register("attendance", AttendanceViewSet, basename="attendance")

urlpatterns = [
    path("token/", token_obtain, name="api-token"),
    path("token/revoke/", token_revoke, name="api-token-revoke"),
    *router.urls,
]

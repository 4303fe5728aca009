"""/api/v1/: the leave endpoints and a token for phones (POST username and password)."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from .api import LeaveRequestViewSet
from .presence_api import AttendanceViewSet, CheckInViewSet

router = DefaultRouter()
router.register("leave-requests", LeaveRequestViewSet, basename="leave-request")
router.register("checkins", CheckInViewSet, basename="checkin")
router.register("attendance", AttendanceViewSet, basename="attendance")

urlpatterns = [
    path("token/", obtain_auth_token, name="api-token"),
    *router.urls,
]

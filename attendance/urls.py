from django.urls import include, path
from django.views.generic import RedirectView

from . import presence_views

app_name = "attendance"

urlpatterns = [
    path("", include("attendance.leave.urls")),
    path("attendance/grid/", presence_views.attendance_grid, name="presence_grid"),
    path("attendance/certify/", presence_views.certify_month, name="presence_certify"),
    path("attendance/checkin/", presence_views.checkin_page, name="checkin"),
    path("attendance/checkins/", presence_views.checkin_list, name="checkin_list"),
    path("attendance/checkins/<int:pk>/review/", presence_views.checkin_review, name="checkin_review"),
    path("attendance/compliance/", presence_views.compliance_page, name="compliance"),
    path("attendance/spot-checks/", presence_views.spot_check_list, name="spot_check_list"),
    path("attendance/explanations/", presence_views.explanation_list, name="explanation_list"),
    path("attendance/explanations/<int:pk>/", presence_views.explanation_detail, name="explanation_detail"),
    # The living allowance moved to funding (issue 13); the old address stays as a permanent redirect.
    path(
        "attendance/allowance/",
        RedirectView.as_view(pattern_name="funding:allowance", permanent=True, query_string=True),
        name="allowance",
    ),
    path("attendance/calendar/", presence_views.calendar_page, name="presence_calendar"),
]

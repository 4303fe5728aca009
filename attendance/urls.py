from django.urls import include, path
from django.views.generic import RedirectView

from .days.views import calendar, checkin, compliance, grid, spot_checks

app_name = "attendance"

urlpatterns = [
    path("", include("attendance.leave.urls")),
    path("attendance/grid/", grid.grid_form, name="grid_form"),
    path("attendance/certify/", grid.certification_form, name="certification_form"),
    path("attendance/checkin/", checkin.checkin_form, name="checkin_form"),
    path("attendance/checkins/", checkin.checkin_list, name="checkin_list"),
    path("attendance/checkins/<int:pk>/review/", checkin.checkin_review, name="checkin_review"),
    path("attendance/compliance/", compliance.compliance_list, name="compliance_list"),
    path("attendance/spot-checks/", spot_checks.spot_check_list, name="spot_check_list"),
    path("attendance/explanations/", spot_checks.explanation_list, name="explanation_list"),
    path("attendance/explanations/<int:pk>/", spot_checks.explanation_detail, name="explanation_detail"),
    # The living allowance moved to funding (issue 13); the old address stays as a permanent redirect.
    path(
        "attendance/allowance/",
        RedirectView.as_view(pattern_name="funding:allowance", permanent=True, query_string=True),
        name="allowance",
    ),
    path("attendance/calendar/", calendar.calendar_form, name="calendar_form"),
]

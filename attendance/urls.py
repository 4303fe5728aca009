from django.urls import path
from django.views.generic import RedirectView

from . import views
from .days.views import calendar, checkin, compliance, grid, spot_checks

app_name = "attendance"

urlpatterns = [
    path("leave/", views.leave_list, name="leave_list"),
    path("leave/new/", views.leave_create, name="leave_create"),
    path("leave/<int:pk>/", views.leave_detail, name="leave_detail"),
    path("leave/<int:pk>/decide/", views.leave_decide, name="leave_decide"),
    path("leave/<int:pk>/cancel/", views.leave_cancel, name="leave_cancel"),
    path("leave/<int:pk>/return/", views.leave_return, name="leave_return"),
    path("leave/<int:pk>/attachment/", views.leave_attachment, name="leave_attachment"),
    path("leave/substitutes/", views.substitute_list, name="substitute_list"),
    path("leave/substitutes/<int:pk>/revoke/", views.substitute_revoke, name="substitute_revoke"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notification_read_all, name="notification_read_all"),
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

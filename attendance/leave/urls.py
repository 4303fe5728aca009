"""Addresses of the leave pages and the notifications, included by ``attendance.urls`` (so their names
are ``attendance:<thing>_<list|detail|form>``, and ``attendance:<thing>_<action>`` for a POST)."""

from django.urls import path

from . import views

urlpatterns = [
    path("leave/", views.leave_list, name="leave_list"),
    path("leave/new/", views.leave_form, name="leave_form"),
    path("leave/<int:pk>/", views.leave_detail, name="leave_detail"),
    path("leave/<int:pk>/decide/", views.leave_decide, name="leave_decide"),
    path("leave/<int:pk>/cancel/", views.leave_cancel, name="leave_cancel"),
    path("leave/<int:pk>/return/", views.leave_return, name="leave_return"),
    path("leave/<int:pk>/read/", views.leave_read, name="leave_read"),
    path("leave/<int:pk>/attachment/", views.leave_attachment, name="leave_attachment"),
    path("leave/substitutes/", views.substitute_list, name="substitute_list"),
    path("leave/substitutes/<int:pk>/revoke/", views.substitute_revoke, name="substitute_revoke"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notification_read_all, name="notification_read_all"),
]

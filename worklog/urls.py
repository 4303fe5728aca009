from django.urls import path

from . import views

app_name = "worklog"

urlpatterns = [
    path("worklog/", views.entry_list, name="entry_list"),
    path("worklog/entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("worklog/entries/<int:pk>/attachment/", views.entry_attachment, name="entry_attachment"),
    path("worklog/households/", views.household_list, name="household_list"),
    path("worklog/meetings/", views.meeting_list, name="meeting_list"),
    path("worklog/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("worklog/visits/", views.support_list, name="support_list"),
    path("worklog/care/<int:pk>/visit/", views.care_visit, name="care_visit"),
]

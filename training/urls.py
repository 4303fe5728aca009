from django.urls import path

from . import import_views, views

app_name = "training"

urlpatterns = [
    path("training/", views.event_list, name="event_list"),
    path("training/new/", views.event_create, name="event_create"),
    path("training/<int:pk>/", views.event_detail, name="event_detail"),
    path("training/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("training/<int:pk>/records/", views.record_add, name="record_add"),
    path("training/records/<int:pk>/remove/", views.record_remove, name="record_remove"),
    path("training/status/", views.status_list, name="status_list"),
    path("training/status/short.xlsx", views.short_export, name="short_export"),
    path("training/pre-service/", views.no_pre_service, name="no_pre_service"),
    path("training/pre-service/missing.xlsx", views.no_pre_service_export, name="no_pre_service_export"),
    # The attendance-sheet import (helper H4's training/import_views.py).
    path("training/<int:event_pk>/import/", import_views.import_upload, name="import_upload"),
    path("training/imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("training/imports/<int:pk>/commit/", import_views.import_commit, name="import_commit"),
    path("training/import-template.xlsx", import_views.import_template, name="import_template"),
]

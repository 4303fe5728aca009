from django.urls import path

from . import changes_views, import_views, policy_views, quotas_views, views

app_name = "teams"

urlpatterns = [
    path("villages/", views.village_list, name="village_list"),
    path("villages/new/", views.village_create, name="village_create"),
    path("villages/<int:pk>/", views.village_detail, name="village_detail"),
    path("villages/<int:pk>/edit/", views.village_edit, name="village_edit"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_create, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("teams/<int:team_pk>/members/new/", views.membership_create, name="membership_create"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("cadres/new/", views.cadre_create, name="cadre_create"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("cadres/<int:pk>/edit/", views.cadre_edit, name="cadre_edit"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("imports/", import_views.import_index, name="import_index"),
    path("imports/template.xlsx", import_views.import_template, name="import_template"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("imports/<int:pk>/commit/", import_views.import_commit, name="import_commit"),
    path("imports/<int:pk>/invalid.xlsx", import_views.import_invalid_rows, name="import_invalid_rows"),
    path("roster/export.xlsx", import_views.roster_export, name="roster_export"),
    path("policy/", policy_views.policy_index, name="policy_index"),
    path("policy/<int:county_pk>/", policy_views.policy_detail, name="policy_detail"),
    path("policy/<int:county_pk>/settings/<str:key>/", policy_views.policy_override, name="policy_override"),
    path("changes/", changes_views.change_ledger, name="change_list"),
    path("changes/export/", changes_views.change_export, name="change_export"),
    path("changes/<int:pk>/", changes_views.change_detail, name="change_detail"),
    path("quotas/", quotas_views.quota_index, name="quota_list"),
    path("quotas/<int:county_pk>/", quotas_views.quota_detail, name="quota_detail"),
]

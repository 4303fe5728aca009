from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("assessment/", views.round_list, name="round_list"),
    path("assessment/<int:pk>/", views.round_detail, name="round_detail"),
    path("assessment/<int:pk>/close/", views.round_close, name="round_close"),
    path("assessment/filings/<int:pk>/receive/", views.filing_receive, name="filing_receive"),
    path("assessment/<int:pk>/export/", views.round_export, name="round_export"),
    path("assessment/entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("assessment/entries/<int:pk>/export/", views.entry_export, name="entry_export"),
    path("assessment/entries/<int:pk>/propose/", views.entry_propose, name="entry_propose"),
    path("assessment/entries/<int:pk>/decide/", views.entry_decide, name="entry_decide"),
    path("assessment/entries/<int:pk>/score/", views.entry_score, name="entry_score"),
    path("assessment/entries/<int:pk>/recall/", views.entry_recall, name="entry_recall"),
    path("assessment/targets/", views.target_list, name="target_list"),
    path("assessment/term-reviews/", views.term_review_list, name="term_review_list"),
    path("assessment/term-reviews/<int:pk>/", views.term_review_create, name="term_review_create"),
]

from . import reports_views  # noqa: E402

urlpatterns += [
    path("assessment/reports/", reports_views.report_list, name="report_list"),
    path("assessment/reports/<int:pk>/", reports_views.report_detail, name="report_detail"),
    path("assessment/reports/<int:pk>/print/", reports_views.report_print, name="report_print"),
    path("assessment/reports/<int:pk>/export/", reports_views.report_export, name="report_export"),
    path("assessment/duties/", reports_views.duty_overdue_list, name="duty_overdue_list"),
    path("assessment/teams/<int:pk>/duties/", reports_views.team_duties, name="team_duties"),
]

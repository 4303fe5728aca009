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

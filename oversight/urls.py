from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("charts/", views.county_home, name="county_home"),
    path("charts/county/<int:pk>/", views.county_page, name="county"),
    path("charts/county/<int:pk>/villages/", views.village_page, name="villages"),
    path("charts/compare/", views.compare_page, name="compare"),
]

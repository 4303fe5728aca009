from django.urls import path

from . import allowance_views, views

app_name = "funding"

urlpatterns = [
    path("funding/", views.fund_list, name="fund_list"),
    path("funding/<int:pk>/", views.fund_detail, name="fund_detail"),
    path("funding/allocate/", views.allocation_create, name="allocation_create"),
    path("funding/<int:pk>/expenditures/new/", views.expenditure_create, name="expenditure_create"),
    path("funding/expenditures/<int:pk>/decide/", views.expenditure_decide, name="expenditure_decide"),
    path("funding/expenditures/<int:pk>/receipt/", views.expenditure_receipt, name="expenditure_receipt"),
    path("funding/allowance/", allowance_views.allowance_page, name="allowance"),
    path("funding/allowance/<int:cadre_id>/pay/", allowance_views.allowance_pay, name="allowance_pay"),
    path("funding/insurance/", allowance_views.insurance_page, name="insurance"),
    path("funding/insurance/<int:cadre_id>/", allowance_views.insurance_enter, name="insurance_enter"),
    path(
        "funding/health-checks/<int:cadre_id>/", allowance_views.health_check_enter, name="health_check_enter"
    ),
]

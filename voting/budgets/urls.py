from django.urls import path

from voting.budgets import views

app_name = "budgets"

urlpatterns = [
    path("budgets/", views.round_list, name="round-list"),
    path("budgets/<int:pk>/", views.round_detail, name="round-detail"),
    path("budgets/<int:pk>/meter/", views.ballot_meter, name="ballot-meter"),
    path("budgets/<int:pk>/results/", views.round_results, name="round-results"),
    path("budgets/<int:pk>/ballots.csv", views.receipts_export, name="receipts-export"),
    path("staff/budgets/", views.staff_round_list, name="staff-round-list"),
    path(
        "staff/budgets/<int:pk>/",
        views.staff_round_detail,
        name="staff-round-detail",
    ),
    path(
        "staff/budgets/<int:pk>/projects/",
        views.staff_projects_add,
        name="staff-projects-add",
    ),
    path(
        "staff/budgets/projects/<int:pk>/cost/",
        views.staff_project_cost,
        name="staff-project-cost",
    ),
    path(
        "staff/budgets/<int:pk>/phase/",
        views.staff_round_phase,
        name="staff-round-phase",
    ),
    path(
        "staff/budgets/<int:pk>/count/",
        views.staff_round_count,
        name="staff-round-count",
    ),
]

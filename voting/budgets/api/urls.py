from django.urls import path

from voting.budgets.api import views

urlpatterns = [
    path("budgets/", views.RoundListApi.as_view(), name="api-budget-list"),
    path("budgets/<int:pk>/", views.RoundDetailApi.as_view(), name="api-budget-detail"),
    path(
        "budgets/<int:pk>/ballot/", views.BallotApi.as_view(), name="api-budget-ballot"
    ),
]

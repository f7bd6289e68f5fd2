from django.urls import path

from proposals.api import views

urlpatterns = [
    path("proposals/", views.ProposalListView.as_view(), name="api-proposal-list"),
    path(
        "proposals/<int:pk>/",
        views.ProposalDetailView.as_view(),
        name="api-proposal-detail",
    ),
    path("categories/", views.CategoryListView.as_view(), name="api-category-list"),
    path("districts/", views.DistrictListView.as_view(), name="api-district-list"),
]

from django.urls import path

from voting.api import views

urlpatterns = [
    path(
        "proposals/<int:pk>/vote/",
        views.ProposalVoteApi.as_view(),
        name="api-proposal-vote",
    ),
]

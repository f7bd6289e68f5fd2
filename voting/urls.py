from django.urls import path

from voting import views

app_name = "voting"

urlpatterns = [
    path(
        "proposals/<int:pk>/agreement/",
        views.agreement_area,
        name="agreement-area",
    ),
    path(
        "proposals/<int:pk>/agreement/agree/",
        views.vote_create,
        name="vote-create",
    ),
    path(
        "proposals/<int:pk>/agreement/retract/",
        views.vote_delete,
        name="vote-delete",
    ),
    path(
        "proposals/<int:pk>/agreement/tally.csv",
        views.tally_export,
        name="tally-export",
    ),
    path(
        "proposals/<int:pk>/agreement/advance/",
        views.proposal_advance,
        name="proposal-advance",
    ),
]

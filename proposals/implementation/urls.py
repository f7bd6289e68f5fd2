from django.urls import path

from proposals.implementation import views

app_name = "implementation"

urlpatterns = [
    # Staff
    path(
        "staff/reviews/proposals/<int:proposal_id>/interim/",
        views.interim_answer,
        name="interim-answer",
    ),
    path(
        "staff/reviews/proposals/<int:proposal_id>/implementation/",
        views.implementation,
        name="progress-edit",
    ),
    # Public
    path("implemented/", views.implemented, name="implemented"),
    path(
        "implemented/<int:proposal_id>/assess/",
        views.assessment_submit,
        name="assessment-submit",
    ),
]

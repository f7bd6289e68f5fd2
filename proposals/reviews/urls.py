from django.urls import path

from proposals.reviews import views

app_name = "reviews"

urlpatterns = [
    # Reviewers
    path("review/", views.dashboard, name="dashboard"),
    path(
        "review/assignments/<int:pk>/", views.assignment_score, name="assignment-score"
    ),
    path(
        "review/assignments/<int:pk>/conflict/",
        views.assignment_conflict,
        name="assignment-conflict",
    ),
    # Staff
    path("staff/reviews/", views.staff_index, name="staff-index"),
    path("staff/reviews/rounds/new/", views.round_create, name="round-create"),
    path("staff/reviews/rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path(
        "staff/reviews/rounds/<int:pk>/proposals/",
        views.round_add_proposals,
        name="round-add-proposals",
    ),
    path(
        "staff/reviews/rounds/<int:pk>/reviewers/",
        views.round_add_reviewer,
        name="round-add-reviewer",
    ),
    path(
        "staff/reviews/rounds/<int:pk>/assign/", views.round_assign, name="round-assign"
    ),
    *(
        path(
            f"staff/reviews/rounds/<int:pk>/{action}/",
            views.round_action,
            {"action": action},
            name=f"round-{action}",
        )
        for action in views.ROUND_ACTIONS
    ),
    path(
        "staff/reviews/rounds/<int:pk>/ranking/",
        views.round_ranking,
        name="round-ranking",
    ),
    path(
        "staff/reviews/rounds/<int:pk>/decisions/<int:proposal_id>/",
        views.decision_edit,
        name="decision-edit",
    ),
    path(
        "staff/reviews/rounds/<int:pk>/scores/<int:score_id>/correct/",
        views.score_correct,
        name="score-correct",
    ),
    path(
        "staff/reviews/rounds/<int:pk>/export.csv",
        views.round_export,
        name="round-export",
    ),
    # Public (the implementation app serves the rest of implemented/)
    path(
        "implemented/rounds/<int:pk>/results.csv",
        views.round_public_export,
        name="round-public-export",
    ),
]

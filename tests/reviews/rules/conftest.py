from dataclasses import dataclass

import pytest

from proposals.reviews.models import Assignment, ReviewRound
from proposals.reviews.services.conflicts import conflict_declare
from tests.reviews.conftest import assignments_of


@dataclass
class Scene:
    round: ReviewRound
    idea: object
    mine: Assignment  # the reviewer's own assignment on `idea`
    reviewer: object
    other_round_reviewer: object  # on the panel of another round only
    other_round_assignment: Assignment
    conflicted: object  # declared a conflict with `idea` after being assigned
    conflicted_assignment: Assignment
    citizen: object
    staff: object


@pytest.fixture
def scene(panel_round, user, staff_user):
    review_round, ideas, _people = panel_round(reviewers=5)
    other_round, _other_ideas, _other_people = panel_round(proposals=1, reviewers=3)
    mine, conflicted_assignment = assignments_of(review_round, ideas[0])[:2]
    conflict_declare(
        assignment=conflicted_assignment, reviewer=conflicted_assignment.reviewer
    )
    conflicted_assignment.refresh_from_db()
    other_assignment = other_round.assignments.select_related(
        "round", "reviewer"
    ).first()
    return Scene(
        round=review_round,
        idea=ideas[0],
        mine=mine,
        reviewer=mine.reviewer,
        other_round_reviewer=other_assignment.reviewer,
        other_round_assignment=other_assignment,
        conflicted=conflicted_assignment.reviewer,
        conflicted_assignment=conflicted_assignment,
        citizen=user,
        staff=staff_user,
    )

"""rules predicates of stakeholder review. Each returns False for a missing object."""

import rules

from oasis.accounts.models import REVIEWERS_GROUP
from proposals.predicates import is_staff  # noqa: F401  (shared with the rules here)
from proposals.reviews.models import Assignment, ConflictDeclaration, ReviewRound


@rules.predicate
def is_reviewer(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.groups.filter(name=REVIEWERS_GROUP).exists()
    )


@rules.predicate
def is_assignment_reviewer(user, assignment: Assignment | None) -> bool:
    return (
        assignment is not None
        and user.is_authenticated
        and user.is_active
        and assignment.reviewer_id == user.pk
    )


@rules.predicate
def is_void(user, assignment: Assignment | None) -> bool:
    return assignment is not None and assignment.voided_at is not None


@rules.predicate
def has_conflict(user, assignment: Assignment | None) -> bool:
    """The reviewer declared a conflict with the assignment's proposal (NIH rule: no
    reviewing, no reading of others' reviews)."""
    if assignment is None or not user.is_authenticated:
        return False
    return ConflictDeclaration.objects.filter(
        proposal_id=assignment.proposal_id, reviewer=user
    ).exists()


@rules.predicate
def is_submitted(user, assignment: Assignment | None) -> bool:
    return assignment is not None and assignment.submitted_at is not None


@rules.predicate
def is_round_open(user, assignment: Assignment | None) -> bool:
    return assignment is not None and assignment.round.state == ReviewRound.State.OPEN


@rules.predicate
def is_round_started(user, assignment: Assignment | None) -> bool:
    return assignment is not None and assignment.round.state != ReviewRound.State.DRAFT

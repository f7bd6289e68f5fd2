import pytest
from pytest_factoryboy import register

from proposals.reviews.models import Assignment, ReviewRound, StakeholderGroup
from proposals.reviews.services.assignments import round_assign
from proposals.reviews.services.rounds import (
    round_add_proposals,
    round_add_reviewer,
    round_open,
)
from proposals.reviews.services.scoring import assignment_save
from tests.proposals.factories import CategoryFactory, ProposalFactory
from tests.reviews.factories import (
    AssignmentFactory,
    InReviewProposalFactory,
    ReviewerFactory,
    ReviewRoundFactory,
    RoundProposalFactory,
    RoundReviewerFactory,
)

register(CategoryFactory, "category")
register(ProposalFactory, "proposal")
register(ReviewerFactory, "reviewer")
register(ReviewerFactory, "reviewer2")
register(InReviewProposalFactory, "in_review_proposal")
register(ReviewRoundFactory, "review_round")
register(RoundProposalFactory, "round_proposal")
register(RoundReviewerFactory, "round_reviewer")
register(AssignmentFactory, "assignment")

GROUPS = [
    StakeholderGroup.OFFICIAL,
    StakeholderGroup.EXPERT,
    StakeholderGroup.PRIVATE,
    StakeholderGroup.CITIZEN,
]


def score_values(review_round, value=4, **overrides):
    """criterion id → score for every criterion of the round (overrides by key)."""
    return {c.pk: overrides.get(c.key, value) for c in review_round.criteria.all()}


def submit(assignment, value=4, **overrides):
    return assignment_save(
        assignment=assignment,
        actor=assignment.reviewer,
        values=score_values(assignment.round, value, **overrides),
        submit=True,
    )


@pytest.fixture
def panel_round(
    staff_user, review_round_factory, in_review_proposal_factory, reviewer_factory
):
    """An open round: 2 ideas, 4 reviewers from 4 groups, every idea assigned to 3."""

    def make(*, proposals=2, reviewers=4, blind=True, state=ReviewRound.State.OPEN):
        review_round = review_round_factory(is_blind=blind)
        ideas = [in_review_proposal_factory() for _ in range(proposals)]
        round_add_proposals(
            review_round=review_round, proposals=ideas, actor=staff_user
        )
        people = [reviewer_factory() for _ in range(reviewers)]
        for index, person in enumerate(people):
            round_add_reviewer(
                review_round=review_round,
                reviewer=person,
                group=GROUPS[index % len(GROUPS)],
                actor=staff_user,
            )
        round_assign(review_round=review_round, actor=staff_user)
        if state != ReviewRound.State.DRAFT:
            round_open(review_round=review_round, actor=staff_user)
        review_round.refresh_from_db()
        return review_round, ideas, people

    return make


def assignments_of(review_round, proposal):
    return list(
        Assignment.objects.filter(
            round=review_round, proposal=proposal, voided_at__isnull=True
        ).select_related("round", "reviewer")
    )

"""Answers and implementation build on a published review round: the review test
fixtures (factories, panel_round) are used here as they are."""

from pytest_factoryboy import register

from tests.proposals.factories import CategoryFactory, ProposalFactory
from tests.reviews.conftest import panel_round  # noqa: F401  (a fixture)
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

from pytest_factoryboy import register

from tests.proposals.factories import CategoryFactory, ProposalFactory
from tests.reviews.factories import ReviewRoundFactory

register(CategoryFactory)
register(ProposalFactory)
register(ReviewRoundFactory, "review_round")

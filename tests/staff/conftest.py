import pytest
from pytest_factoryboy import register

from tests.kiosks.factories import KioskFactory
from tests.notifications.factories import DeliveryFactory
from tests.proposals.factories import CategoryFactory, ProposalFactory
from tests.reviews.factories import (
    InReviewProposalFactory,
    ReviewerFactory,
    ReviewRoundFactory,
)

register(CategoryFactory)
register(ProposalFactory)
register(KioskFactory)
register(DeliveryFactory)
register(ReviewerFactory, "reviewer")
register(InReviewProposalFactory, "in_review_proposal")
register(ReviewRoundFactory, "review_round")


@pytest.fixture
def plain_staff(user_factory):
    """Staff without superuser rights."""
    return user_factory(is_staff=True)

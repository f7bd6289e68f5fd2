import pytest
from pytest_factoryboy import register

from tests.proposals.factories import CategoryFactory, ProposalFactory
from tests.voting.factories import VoteFactory

register(CategoryFactory)
register(ProposalFactory)
register(VoteFactory)


@pytest.fixture
def voter(user_factory):
    """A citizen with a verified email, who did not write the proposal."""
    return user_factory()


@pytest.fixture
def proposal__author(user_factory):
    # The author is someone else than the `user` fixture, who usually agrees.
    return user_factory()

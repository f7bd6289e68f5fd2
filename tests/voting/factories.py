import factory

from tests.accounts.factories import UserFactory
from tests.proposals.factories import ProposalFactory
from voting.models import Channel, Vote


class VoteFactory(factory.django.DjangoModelFactory):
    """A vote row written directly (no counter update): for drift and list tests."""

    class Meta:
        model = Vote

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)
    channel = Channel.WEB

import datetime as dt

import factory
from django.db.models import F

from proposals.models import Proposal
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


def add_votes(proposal: Proposal, count: int, *, at: dt.datetime | None = None):
    """`count` agreements from new people at `at` (default now), counter included,
    written directly: no threshold logic, no stage change."""
    users = [UserFactory() for _ in range(count)]
    votes = Vote.objects.bulk_create(Vote(proposal=proposal, user=u) for u in users)
    if at is not None:
        Vote.objects.filter(pk__in=[v.pk for v in votes]).update(created_at=at)
    Proposal.objects.filter(pk=proposal.pk).update(vote_count=F("vote_count") + count)
    proposal.refresh_from_db(fields=["vote_count"])
    return users

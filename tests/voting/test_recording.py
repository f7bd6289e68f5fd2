"""The agreement's write decides acceptance with the lifecycle's filter (SQL); it must
say yes and no exactly where the lifecycle's accepts_agreements does."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from proposals.lifecycle import accepts_agreements
from proposals.models import Proposal, Stage
from voting import services
from voting.errors import VotingClosed
from voting.models import Vote

pytestmark = pytest.mark.django_db

NOW = timezone.now()
WINDOWS = {
    "no end": None,
    "ends tomorrow": NOW + dt.timedelta(days=1),
    "ended a second ago": NOW - dt.timedelta(seconds=1),
}


@pytest.mark.parametrize(
    ("stage", "hidden", "window"),
    list(itertools.product(Stage.values, (False, True), WINDOWS)),
)
def test_the_write_accepts_exactly_what_the_rule_accepts(
    proposal, user, stage, hidden, window
):
    Proposal.objects.filter(pk=proposal.pk).update(
        stage=stage, is_hidden=hidden, voting_ends_at=WINDOWS[window]
    )
    proposal.refresh_from_db()
    expected = accepts_agreements(proposal)

    try:
        _vote, created = services.vote_cast(proposal=proposal.pk, user=user)
    except VotingClosed:
        created = False

    assert created is expected
    assert Vote.objects.filter(proposal=proposal).count() == int(expected)
    assert Proposal.objects.get(pk=proposal.pk).vote_count == int(expected)

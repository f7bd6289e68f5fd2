"""An idea hidden by moderation takes no agreements until staff restore it."""

import pytest

from proposals.models import Proposal
from voting.errors import VotingClosed
from voting.models import Vote
from voting.services import vote_cast

pytestmark = pytest.mark.django_db


def test_agreeing_with_a_hidden_idea_is_refused(proposal, voter):
    Proposal.objects.filter(pk=proposal.pk).update(is_hidden=True, hidden_reason="spam")
    proposal.refresh_from_db()

    with pytest.raises(VotingClosed):
        vote_cast(proposal=proposal, user=voter)

    proposal.refresh_from_db()
    assert proposal.vote_count == 0
    assert not Vote.objects.exists()


def test_the_api_answers_voting_closed_for_a_hidden_idea(client, proposal, voter):
    Proposal.objects.filter(pk=proposal.pk).update(is_hidden=True)
    client.force_login(voter)

    response = client.post(f"/api/v1/proposals/{proposal.pk}/vote/")

    assert response.status_code in {404, 409}
    assert not Vote.objects.exists()

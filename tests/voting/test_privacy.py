import pytest

from oasis.accounts.services import user_delete, user_export_data
from proposals.models import Proposal
from voting import services
from voting.models import Vote
from voting.receipts import vote_receipt

pytestmark = pytest.mark.django_db


def test_votes_join_the_data_export(proposal, user):
    services.vote_cast(proposal=proposal, user=user, channel="web")
    vote = Vote.objects.get()

    data = user_export_data(user=user)

    assert data["votes"] == [
        {
            "proposal_id": proposal.pk,
            "proposal_title": proposal.title,
            "channel": "web",
            "created_at": vote.created_at.isoformat(),
            "receipt": vote_receipt(vote),
        }
    ]


def test_deleting_an_account_keeps_its_votes_and_counts(proposal, user):
    services.vote_cast(proposal=proposal, user=user, channel="web")

    user_delete(user=user)

    vote = Vote.objects.get()
    assert vote.user_id == user.pk
    assert vote.user.anonymised_at is not None
    assert Proposal.objects.get(pk=proposal.pk).vote_count == 1

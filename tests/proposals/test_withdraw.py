import pytest
from django.urls import reverse

from oasis.core.errors import InvalidTransition, NotAllowed
from proposals.models import Stage, StageChange
from proposals.services import proposal_withdraw

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("stage", [Stage.DRAFT, Stage.OPEN])
def test_withdraw_draft_or_open(proposal_factory, user, stage):
    proposal = proposal_factory(author=user, stage=stage)
    proposal_withdraw(proposal=proposal, actor=user, reason="Solved already")
    proposal.refresh_from_db()
    assert proposal.stage == Stage.WITHDRAWN
    change = StageChange.objects.get()
    assert (change.to_stage, change.reason) == ("withdrawn", "Solved already")


@pytest.mark.parametrize("stage", [Stage.IN_REVIEW, Stage.SELECTED, Stage.ARCHIVED])
def test_no_withdrawal_later(proposal_factory, user, stage):
    proposal = proposal_factory(author=user, stage=stage, vote_count=60)
    with pytest.raises(InvalidTransition):
        proposal_withdraw(proposal=proposal, actor=user)


def test_only_the_author_withdraws(open_proposal, user2):
    with pytest.raises(NotAllowed):
        proposal_withdraw(proposal=open_proposal, actor=user2)


def test_withdraw_page(client, open_proposal, user):
    client.force_login(user)
    url = reverse("proposals:proposal-withdraw", args=[open_proposal.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 302
    open_proposal.refresh_from_db()
    assert open_proposal.stage == Stage.WITHDRAWN
    # A withdrawn idea is no longer listed.
    assert open_proposal.title not in client.get("/proposals/").text

"""voting.add_vote / delete_vote / advance_proposal: role × stage."""

import datetime as dt

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from proposals.models import Stage

pytestmark = pytest.mark.django_db


def test_the_permissions_exist():
    for name in ("voting.add_vote", "voting.delete_vote", "voting.advance_proposal"):
        assert rules.perm_exists(name)


@pytest.mark.parametrize(
    ("stage", "expired", "allowed"),
    [
        (Stage.DRAFT, False, False),
        (Stage.OPEN, False, True),
        (Stage.OPEN, True, False),
        (Stage.IN_REVIEW, True, True),
        (Stage.DEFERRED, True, True),
        (Stage.SELECTED, False, False),
        (Stage.REJECTED, False, False),
        (Stage.ARCHIVED, False, False),
    ],
)
def test_add_vote_by_stage(proposal_factory, user, stage, expired, allowed):
    ends = timezone.now() + dt.timedelta(days=-1 if expired else 1)
    proposal = proposal_factory(stage=stage, voting_ends_at=ends)
    assert user.has_perm("voting.add_vote", proposal) is allowed
    assert user.has_perm("voting.delete_vote", proposal) is allowed


def test_add_vote_by_role(proposal, user, user_factory, settings):
    assert not AnonymousUser().has_perm("voting.add_vote", proposal)
    assert not proposal.author.has_perm("voting.add_vote", proposal)
    assert not user_factory(verified_email=False).has_perm("voting.add_vote", proposal)
    assert user.has_perm("voting.add_vote", proposal)
    settings.VOTE_REQUIRES_PHONE = True
    assert not user_factory().has_perm("voting.add_vote", proposal)
    assert user_factory(phone_verified_at=timezone.now()).has_perm(
        "voting.add_vote", proposal
    )


def test_advance_is_for_staff_below_threshold_while_open(
    proposal_factory, user, user_factory
):
    # Not a superuser: Django grants a superuser every permission.
    staff_user = user_factory(is_staff=True)
    below = proposal_factory(threshold=10, vote_count=3)
    reached = proposal_factory(threshold=10, vote_count=10)
    reviewed = proposal_factory(stage=Stage.IN_REVIEW)
    assert staff_user.has_perm("voting.advance_proposal", below)
    assert not user.has_perm("voting.advance_proposal", below)
    assert not staff_user.has_perm("voting.advance_proposal", reached)
    assert not staff_user.has_perm("voting.advance_proposal", reviewed)

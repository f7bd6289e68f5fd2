"""How an agreement is written: the row lock, the "already agreed?" check, the insert
and the counter, in one transaction. The rules around it (who may agree, the threshold)
are in services; whether the proposal accepts agreements comes from proposals.lifecycle.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef

from proposals.lifecycle import accepting_condition
from proposals.models import Proposal
from voting.models import Vote


@dataclass
class Recorded:
    """What the write saw and did. `proposal` is the row as read under its lock, with
    vote_count after this agreement (None when no such proposal exists); `accepting`
    says whether it accepted agreements at the time of the agreement."""

    proposal: Proposal | None
    accepting: bool = False
    vote: Vote | None = None
    earlier: Vote | None = None


def record_agreement(
    *, pk: int, user, channel: str, kiosk, created_at: datetime
) -> Recorded:
    """Insert the vote unless the person already agreed, the proposal is their own or it
    does not accept agreements at `created_at`; count it. Atomic: nothing is written
    unless all of it is, and a duplicate leaves a caller's transaction usable."""
    try:
        with transaction.atomic():
            return _record(
                pk=pk, user=user, channel=channel, kiosk=kiosk, at=created_at
            )
    except IntegrityError:
        # The unique constraint on (proposal, user), the last line of defence, caught
        # a duplicate the lock query could not see: one committed while it waited for
        # the lock, or one moved in by an account merge.
        earlier = Vote.objects.select_related("proposal").filter(
            proposal_id=pk, user=user
        )
        vote = earlier.first()
        if vote is None:
            raise
        return Recorded(proposal=vote.proposal, accepting=True, earlier=vote)


def _already_agreed(user) -> Exists:
    return Exists(Vote.objects.filter(proposal=OuterRef("pk"), user=user))


def _record(*, pk: int, user, channel: str, kiosk, at: datetime) -> Recorded:
    # The lock makes agreements with one proposal wait for each other, so the row read
    # here carries every earlier agreement's count.
    proposal = (
        Proposal.objects.select_for_update()
        .annotate(
            accepting=ExpressionWrapper(
                accepting_condition(at), output_field=BooleanField()
            ),
            already_agreed=_already_agreed(user),
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        return Recorded(proposal=None)
    accepting = bool(proposal.accepting)
    if proposal.already_agreed:
        return Recorded(
            proposal=proposal,
            accepting=accepting,
            earlier=existing_vote(proposal, user),
        )
    if proposal.author_id == user.pk or not accepting:
        return Recorded(proposal=proposal, accepting=accepting)
    vote = Vote.objects.create(
        proposal=proposal, user=user, channel=channel, kiosk=kiosk
    )
    Proposal.objects.filter(pk=pk).update(vote_count=F("vote_count") + 1)
    proposal.vote_count += 1
    return Recorded(proposal=proposal, accepting=True, vote=vote)


def existing_vote(proposal: Proposal, user) -> Vote:
    vote = Vote.objects.get(proposal=proposal, user=user)
    vote.proposal = proposal
    return vote

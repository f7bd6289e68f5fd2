"""What every write of review shares: a locked round, its state and the moves between
states (staff only is oasis.core.audit.require_staff)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oasis.core.audit import audit_record
from oasis.core.errors import InvalidTransition
from proposals.reviews.models import ReviewRound

State = ReviewRound.State


def lock_round(review_round: ReviewRound) -> ReviewRound:
    locked = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    review_round.state = locked.state
    return locked


def require_state(review_round: ReviewRound, *states: str) -> None:
    if review_round.state not in states:
        raise InvalidTransition(
            _("This is not possible while the round is “%(state)s”.")
            % {"state": State(review_round.state).label}
        )


# The moment a round enters each state is kept on the round.
ENTERED_AT: dict[str, str] = {
    State.OPEN: "opened_at",
    State.CLOSED: "closed_at",
    State.DECIDED: "decided_at",
    State.PUBLISHED: "published_at",
}


def round_move(
    review_round: ReviewRound,
    locked: ReviewRound,
    *,
    to: str,
    action: str,
    actor,
    at: datetime | None = None,
    details: dict | None = None,
) -> None:
    """Move the locked round to state `to` at `at`, audit the move under `action`, and
    keep the caller's instance current."""
    before = locked.state
    stamp = ENTERED_AT[to]
    locked.state = to
    setattr(locked, stamp, at or timezone.now())
    locked.save(update_fields=["state", stamp])
    audit_record(
        actor=actor,
        action=action,
        target=locked,
        before={"state": before},
        after={"state": to, **(details or {})},
    )
    review_round.state = locked.state
    setattr(review_round, stamp, getattr(locked, stamp))

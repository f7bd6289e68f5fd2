"""The checks every write of review shares: a locked round, its state (staff only is
oasis.core.audit.require_staff)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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

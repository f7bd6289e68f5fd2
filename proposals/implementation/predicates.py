"""rules predicates of answers and implementation. Each returns False for a missing
object."""

import rules

from proposals.implementation.models import Assessment
from proposals.models import Proposal, Stage
from proposals.predicates import is_staff  # noqa: F401  (shared with the rules here)
from proposals.reviews.models import Assignment


@rules.predicate
def is_in_assessment(user, proposal: Proposal | None) -> bool:
    return proposal is not None and proposal.stage == Stage.ASSESSMENT


@rules.predicate
def has_agreed(user, proposal: Proposal | None) -> bool:
    from voting.models import Vote

    if proposal is None or not user.is_authenticated:
        return False
    return Vote.objects.filter(proposal=proposal, user=user).exists()


@rules.predicate
def is_on_panel(user, proposal: Proposal | None) -> bool:
    if proposal is None or not user.is_authenticated:
        return False
    return Assignment.objects.filter(
        proposal=proposal, reviewer=user, voided_at__isnull=True
    ).exists()


@rules.predicate
def has_assessed(user, proposal: Proposal | None) -> bool:
    if proposal is None or not user.is_authenticated:
        return False
    return Assessment.objects.filter(proposal=proposal, user=user).exists()

"""Cost estimates of the proposals in a round, which the ranking's budget cap uses."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from oasis.core.audit import audit_record, require_staff
from oasis.core.errors import DomainError
from proposals.reviews.models import ReviewRound, RoundProposal
from proposals.reviews.services.guards import lock_round, require_state

# Above any real budget, below the column's limit: a typo cannot overflow it.
MAX_COST_ESTIMATE = 10**15


def cost_estimate_set(entry: RoundProposal, cost: int | None, actor) -> bool:
    """Change one locked entry's cost estimate, with an audit entry; False if unchanged."""
    if cost is not None:
        cost = int(cost)
        if not 0 <= cost <= MAX_COST_ESTIMATE:
            raise DomainError(
                _("A cost estimate is a number of won, zero or more."),
                code="invalid_cost",
            )
    if cost == entry.cost_estimate:
        return False
    before = entry.cost_estimate
    entry.cost_estimate = cost
    entry.save(update_fields=["cost_estimate"])
    audit_record(
        actor=actor,
        action="reviews.cost_estimate_changed",
        target=entry,
        before={"proposal": entry.proposal_id, "cost_estimate": before},
        after={"proposal": entry.proposal_id, "cost_estimate": cost},
    )
    return True


@transaction.atomic
def round_cost_estimates_set(
    *, review_round: ReviewRound, estimates: Mapping[int, int | None], actor
) -> list[RoundProposal]:
    """Set the cost estimates the ranking's budget cap uses (proposal id → won, or None
    to clear), at any time until the round is published. Returns the changed entries."""
    require_staff(actor)
    locked = lock_round(review_round)
    require_state(locked, *ReviewRound.COSTING_STATES)
    entries = {
        entry.proposal_id: entry
        for entry in RoundProposal.objects.select_for_update()
        .filter(round=locked, proposal_id__in=list(estimates))
        .order_by("pk")
    }
    if set(estimates) - set(entries):
        raise DomainError(_("This idea is not in the round."))
    return [
        entries[proposal_id]
        for proposal_id, cost in sorted(estimates.items())
        if cost_estimate_set(entries[proposal_id], cost, actor)
    ]

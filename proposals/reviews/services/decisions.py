"""Staff's internal decisions on the proposals of a closed round."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from oasis.core.audit import audit_record, require_staff
from oasis.core.errors import DomainError
from proposals.models import Proposal
from proposals.reviews.models import Decision, ReviewRound, RoundProposal
from proposals.reviews.services.costs import cost_estimate_set
from proposals.reviews.services.guards import (
    State,
    lock_round,
    require_state,
    round_move,
)


class _Unchanged:
    """The default of an optional argument that leaves the stored value as it is."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


@transaction.atomic
def decision_record(
    *,
    review_round: ReviewRound,
    proposal: Proposal,
    actor,
    outcome: str,
    rationale: str,
    department: str = "",
    budget: int | None = None,
    cost_estimate: int | _Unchanged | None = UNCHANGED,
) -> Decision:
    """Record (or change) staff's internal decision on one proposal of a closed round,
    and its cost estimate when one is given (None clears it; audited either way).

    When every proposal of the round has a decision, the round becomes "decided".
    """
    require_staff(actor)
    locked = lock_round(review_round)
    require_state(locked, *ReviewRound.DECIDING_STATES)
    entry = (
        RoundProposal.objects.select_for_update()
        .filter(round=locked, proposal=proposal)
        .first()
    )
    if entry is None:
        raise DomainError(_("This idea is not in the round."))
    outcome = Decision.Outcome(outcome)
    rationale = (rationale or "").strip()
    if not rationale:
        raise DomainError(_("Write the public rationale of the decision."))
    if outcome == Decision.Outcome.SELECTED and not department.strip():
        raise DomainError(_("Name the department responsible for a selected idea."))
    if not isinstance(cost_estimate, _Unchanged):
        cost_estimate_set(entry, cost_estimate, actor)
    decision = Decision.objects.filter(round=locked, proposal=proposal).first()
    before = (
        {"outcome": decision.outcome, "budget": decision.budget} if decision else None
    )
    if decision is None:
        decision = Decision(round=locked, proposal=proposal)
    decision.outcome = outcome
    decision.rationale = rationale
    decision.department = (
        department.strip() if outcome == Decision.Outcome.SELECTED else ""
    )
    decision.budget = budget if outcome == Decision.Outcome.SELECTED else None
    decision.decided_by = actor
    decision.save()
    audit_record(
        actor=actor,
        action="reviews.decision_recorded",
        target=decision,
        before=before,
        after={"outcome": str(outcome), "budget": decision.budget},
    )
    if locked.state == State.CLOSED:
        undecided = locked.entries.exclude(
            proposal_id__in=locked.decisions.values("proposal_id")
        )
        if not undecided.exists():
            round_move(
                review_round,
                locked,
                to=State.DECIDED,
                action="reviews.round_decided",
                actor=actor,
            )
    return decision

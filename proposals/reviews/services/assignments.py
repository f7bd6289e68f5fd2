"""Assigning reviewers to the proposals of a round (the plan is assignment.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import transaction

from oasis.core.audit import audit_record, require_staff
from oasis.notifications.services import dispatch
from proposals.reviews.assignment import plan_assignments
from proposals.reviews.models import Assignment, ConflictDeclaration, ReviewRound
from proposals.reviews.services.guards import (
    State,
    lock_round,
    require_state,
)


def notify_assigned(
    review_round: ReviewRound, assignments: Sequence[Assignment], actor
):
    counts = Counter(assignment.reviewer_id for assignment in assignments)
    reviewers = {a.reviewer_id: a.reviewer for a in assignments}
    for reviewer_id, count in counts.items():
        dispatch(
            "review.assigned",
            actor=actor,
            reviewer=reviewers[reviewer_id],
            round=review_round,
            count=count,
        )


def assign_missing(
    review_round: ReviewRound,
    actor,
    *,
    proposal_ids: Iterable[int] | None = None,
    seed: int | None = None,
) -> tuple[list[Assignment], dict[int, int]]:
    entries = review_round.entries.select_related("proposal")
    if proposal_ids is not None:
        entries = entries.filter(proposal_id__in=list(proposal_ids))
    proposals = {entry.proposal_id: entry.proposal.author_id for entry in entries}
    panel = {
        member.reviewer_id: member
        for member in review_round.panel.select_related("reviewer").filter(
            reviewer__is_active=True
        )
    }
    rows = Assignment.objects.filter(round=review_round).values_list(
        "proposal_id", "reviewer_id", "voided_at"
    )
    existing = [(p, r) for p, r, voided in rows if voided is None]
    excluded = {(p, r) for p, r, voided in rows if voided is not None}
    excluded |= set(
        ConflictDeclaration.objects.filter(
            proposal_id__in=list(
                review_round.entries.values_list("proposal_id", flat=True)
            )
        ).values_list("proposal_id", "reviewer_id")
    )
    plan = plan_assignments(
        proposals=proposals,
        reviewers={pk: member.group for pk, member in panel.items()},
        existing=existing,
        excluded=excluded,
        per_proposal=review_round.reviewers_per_proposal,
        seed=review_round.pk if seed is None else seed,
    )
    created = Assignment.objects.bulk_create(
        Assignment(
            round=review_round,
            proposal_id=proposal_id,
            reviewer=panel[reviewer_id].reviewer,
            group=panel[reviewer_id].group,
        )
        for proposal_id, reviewer_id in plan.pairs
    )
    if created and review_round.state == State.OPEN:
        notify_assigned(review_round, created, actor)
    return created, plan.shortfall


@transaction.atomic
def round_assign(
    *, review_round: ReviewRound, actor, seed: int | None = None
) -> tuple[list[Assignment], dict[int, int]]:
    """Give every proposal of the round enough reviewers (see assignment.py).

    Returns the new assignments and, per proposal, how many reviewers are still missing.
    """
    require_staff(actor)
    review_round = lock_round(review_round)
    require_state(review_round, *ReviewRound.COMPOSING_STATES)
    created, shortfall = assign_missing(review_round, actor, seed=seed)
    audit_record(
        actor=actor,
        action="reviews.round_assigned",
        target=review_round,
        after={
            "created": len(created),
            "shortfall": {str(k): v for k, v in shortfall.items()},
        },
    )
    return created, shortfall

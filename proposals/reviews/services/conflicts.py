"""Declared conflicts of interest: they void the reviewer's scores on the proposal."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from oasis.core.audit import audit_record
from oasis.core.errors import NotAllowed
from proposals.reviews.models import Assignment, ConflictDeclaration
from proposals.reviews.services.assignments import assign_missing
from proposals.reviews.services.guards import lock_round


@transaction.atomic
def conflict_declare(
    *, assignment: Assignment, reviewer, reason: str = ""
) -> ConflictDeclaration:
    """Record a conflict of interest: the reviewer's scores on the proposal become void and
    the proposal gets another reviewer while the round still takes scores."""
    if reviewer is None or assignment.reviewer_id != reviewer.pk:
        raise NotAllowed()
    review_round = lock_round(assignment.round)
    conflict, _created = ConflictDeclaration.objects.get_or_create(
        proposal_id=assignment.proposal_id,
        reviewer=reviewer,
        defaults={"round": review_round, "reason": reason.strip()[:500]},
    )
    now = timezone.now()
    voided = Assignment.objects.filter(
        proposal_id=assignment.proposal_id, reviewer=reviewer, voided_at__isnull=True
    )
    voided_ids = list(voided.values_list("pk", flat=True))
    voided.update(voided_at=now, void_reason="conflict of interest")
    assignment.voided_at = now
    audit_record(
        actor=reviewer,
        action="reviews.conflict_declared",
        target=conflict,
        after={"proposal": assignment.proposal_id, "voided_assignments": voided_ids},
    )
    if review_round.is_composing:
        assign_missing(review_round, reviewer, proposal_ids=[assignment.proposal_id])
    return conflict

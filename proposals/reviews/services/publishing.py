"""Publishing a decided round: every decision at once, to everyone concerned."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from oasis.core.audit import audit_record, require_staff
from oasis.notifications.services import dispatch
from proposals.models import Stage
from proposals.reviews.models import Assignment, Decision, ReviewRound
from proposals.reviews.publication import decision_published
from proposals.reviews.services.guards import (
    State,
    lock_round,
    require_state,
    round_move,
)
from proposals.reviews.services.rounds import round_add_proposals
from proposals.services import proposal_transition


@transaction.atomic
def round_publish(*, review_round: ReviewRound, actor) -> ReviewRound:
    """Publish every decision of the round at once: the proposals move on (agreements close
    for selected and rejected ones), the answers appear and everyone concerned hears."""
    require_staff(actor)
    locked = lock_round(review_round)
    require_state(locked, State.DECIDED)
    now = timezone.now()
    decisions = list(
        locked.decisions.select_related("proposal", "proposal__author").order_by("pk")
    )
    published = []
    for decision in decisions:
        proposal = decision.proposal
        if proposal.stage != Stage.IN_REVIEW:
            # Withdrawn or moved on meanwhile: nothing to answer in this round.
            audit_record(
                actor=actor,
                action="reviews.decision_skipped",
                target=decision,
                after={"stage": proposal.stage},
            )
            continue
        proposal_transition(
            proposal=proposal,
            to=Stage(decision.outcome),
            actor=actor,
            reason=decision.rationale,
        )
        decision.published_at = now
        decision.panel_remarks = [
            {"group": group, "text": text}
            for group, text in Assignment.objects.filter(
                round=locked,
                proposal=proposal,
                submitted_at__isnull=False,
                voided_at__isnull=True,
            )
            .exclude(public_remark="")
            .order_by("submitted_at", "pk")
            .values_list("group", "public_remark")
        ]
        decision.save(update_fields=["published_at", "panel_remarks", "updated_at"])
        decision_published(decision=decision, published_at=now)
        dispatch(
            "answer.published",
            actor=actor,
            proposal=proposal,
            decision=decision,
        )
        published.append(decision.pk)
    round_move(
        review_round,
        locked,
        to=State.PUBLISHED,
        action="reviews.round_published",
        actor=actor,
        at=now,
        details={"decisions": published},
    )
    # Deferred ideas return in the next round; if staff already prepared one, right away
    # (otherwise round_create() takes them in).
    following = (
        ReviewRound.objects.filter(state__in=ReviewRound.COMPOSING_STATES)
        .exclude(pk=locked.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    deferred = [
        d.proposal
        for d in decisions
        if d.outcome == Decision.Outcome.DEFERRED and d.published_at is not None
    ]
    if following is not None and deferred:
        round_add_proposals(review_round=following, proposals=deferred, actor=actor)
    return review_round

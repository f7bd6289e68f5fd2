"""Overdue answers: an idea in review is owed an answer within REVIEW_ANSWER_DUE_DAYS of
entering review (proposals.reviews.models says when it is due). The daily check tells
the author and staff once per stay in review."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from oasis.notifications.models import NotificationEvent
from oasis.notifications.services import dispatch
from proposals.implementation.notifications import ANSWER_OVERDUE
from proposals.models import Proposal
from proposals.reviews.models import answer_due_at, answer_overdue_q


def overdue_answers_notify() -> int:
    """Dispatch answer.overdue once for each idea in review past its due date."""
    overdue = list(Proposal.objects.filter(answer_overdue_q()).select_related("author"))
    last_told = dict(
        NotificationEvent.objects.filter(
            name=ANSWER_OVERDUE,
            target_type=Proposal._meta.label_lower,
            target_id__in=[str(proposal.pk) for proposal in overdue],
        )
        .values("target_id")
        .annotate(last=Max("created_at"))
        .values_list("target_id", "last")
    )
    count = 0
    for proposal in overdue:
        told_at = last_told.get(str(proposal.pk))
        if told_at is not None and told_at >= proposal.in_review_at:
            continue
        with transaction.atomic():
            dispatch(
                ANSWER_OVERDUE,
                proposal=proposal,
                due_at=answer_due_at(proposal.in_review_at),
            )
        count += 1
    return count

"""Reminders to reviewers whose deadline is near."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from oasis.notifications.services import dispatch
from proposals.reviews.models import Assignment
from proposals.reviews.services.guards import State


@transaction.atomic
def review_reminders_send(*, today: date | None = None) -> int:
    """Tell reviewers with unsubmitted assignments that the deadline is near, once each."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.REVIEW_REMINDER_DAYS)
    pending = (
        Assignment.objects.select_for_update(of=("self",))
        .filter(
            round__state=State.OPEN,
            round__ends_on__gte=today,
            round__ends_on__lte=horizon,
            submitted_at__isnull=True,
            voided_at__isnull=True,
            reminded_at__isnull=True,
        )
        .select_related("round", "reviewer")
    )
    batches: dict[tuple[int, int], list[Assignment]] = {}
    for assignment in pending:
        batches.setdefault((assignment.round_id, assignment.reviewer_id), []).append(
            assignment
        )
    for items in batches.values():
        dispatch(
            "review.due_soon",
            reviewer=items[0].reviewer,
            round=items[0].round,
            count=len(items),
        )
    Assignment.objects.filter(
        pk__in=[a.pk for items in batches.values() for a in items]
    ).update(reminded_at=timezone.now())
    return len(batches)

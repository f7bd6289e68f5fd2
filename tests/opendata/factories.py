"""Helpers for the statistics tests: stage history in the past."""

import datetime as dt

from django.utils import timezone

from proposals.models import Proposal, StageChange


def stage_change(proposal: Proposal, from_stage: str, to_stage: str, at: dt.datetime):
    """A StageChange as a past transition left it (for answer times)."""
    change = StageChange.objects.create(
        proposal=proposal, from_stage=from_stage, to_stage=to_stage
    )
    StageChange.objects.filter(pk=change.pk).update(created_at=at)
    return change


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)

"""Helpers for the staff-console tests: votes with their counter, ideas at any stage."""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from proposals.models import Proposal, StageChange
from tests.accounts.factories import UserFactory
from voting.models import Vote


def add_votes(proposal: Proposal, count: int, *, at: dt.datetime | None = None):
    """`count` agreements from new people at `at` (default now), counter included,
    written directly: no threshold logic, no stage change."""
    users = [UserFactory() for _ in range(count)]
    votes = Vote.objects.bulk_create(Vote(proposal=proposal, user=u) for u in users)
    if at is not None:
        Vote.objects.filter(pk__in=[v.pk for v in votes]).update(created_at=at)
    Proposal.objects.filter(pk=proposal.pk).update(vote_count=F("vote_count") + count)
    proposal.refresh_from_db(fields=["vote_count"])
    return users


def stage_change(proposal: Proposal, from_stage: str, to_stage: str, at: dt.datetime):
    """A StageChange as a past transition left it (for answer times)."""
    change = StageChange.objects.create(
        proposal=proposal, from_stage=from_stage, to_stage=to_stage
    )
    StageChange.objects.filter(pk=change.pk).update(created_at=at)
    return change


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)

"""Everyone concerned with a proposal's answer or progress: who hears of it.

Audiences are querysets of users, computed when the event is fanned out and walked in
pages by id, never lists built in the request.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from proposals.models import Follow, Proposal
from proposals.reviews.models import Assignment


def answer_audience(proposal: Proposal, *, stage_changed: bool) -> QuerySet:
    """Everyone concerned with a proposal's answer or progress: its voters and active
    reviewers, and its author and followers unless its stage changed (then they
    already hear it through "proposal.stage_changed")."""
    users = get_user_model().objects.filter(is_active=True)
    # Votes are read through the reverse relation: review does not import voting.
    concerned = Q(pk__in=users.filter(votes__proposal=proposal).values("pk")) | Q(
        pk__in=Assignment.objects.filter(
            proposal=proposal, voided_at__isnull=True
        ).values("reviewer_id")
    )
    told_of_stage = Q(pk=proposal.author_id) | Q(
        pk__in=Follow.objects.filter(proposal=proposal).values("user_id")
    )
    if stage_changed:
        return users.filter(concerned).exclude(told_of_stage)
    return users.filter(concerned | told_of_stage)

"""Everyone concerned with a proposal's answer or progress: who hears of it."""

from django.contrib.auth import get_user_model

from proposals.models import Follow, Proposal
from proposals.reviews.models import Assignment


def _voters(proposal: Proposal):
    return get_user_model().objects.filter(votes__proposal=proposal, is_active=True)


def answer_recipients(proposal: Proposal, *, stage_changed: bool) -> list:
    """Everyone concerned with a proposal's answer or progress. When its stage changed, its
    author and followers already hear it through "proposal.stage_changed"."""
    users = {user.pk: user for user in _voters(proposal)}
    users.update(
        (assignment.reviewer_id, assignment.reviewer)
        for assignment in Assignment.objects.filter(
            proposal=proposal, voided_at__isnull=True
        ).select_related("reviewer")
    )
    told = set()
    if stage_changed:
        told = {proposal.author_id} | set(
            Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True)
        )
    else:
        users[proposal.author_id] = proposal.author
        users.update(
            (follow.user_id, follow.user)
            for follow in Follow.objects.filter(proposal=proposal).select_related(
                "user"
            )
        )
    return [user for pk, user in users.items() if pk not in told]

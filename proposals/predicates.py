"""rules predicates about proposals and comments. Each returns False for a missing object."""

import rules
from django.utils import timezone

from proposals import lifecycle
from proposals.models import Comment, Proposal, Stage


@rules.predicate
def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_author(user, proposal: Proposal | None) -> bool:
    return (
        proposal is not None and user.is_authenticated and proposal.author_id == user.pk
    )


@rules.predicate
def is_draft(user, proposal: Proposal | None) -> bool:
    return proposal is not None and proposal.stage == Stage.DRAFT


@rules.predicate
def is_editable(user, proposal: Proposal | None) -> bool:
    """Drafts and open ideas; editing locks when the idea enters review."""
    return proposal is not None and proposal.stage in lifecycle.EDITABLE


@rules.predicate
def is_withdrawable(user, proposal: Proposal | None) -> bool:
    return proposal is not None and proposal.stage in lifecycle.WITHDRAWABLE


@rules.predicate
def is_public(user, proposal: Proposal | None) -> bool:
    return proposal is not None and proposal.stage != Stage.DRAFT


@rules.predicate
def is_hidden(user, proposal: Proposal | None) -> bool:
    return proposal is not None and proposal.is_hidden


@rules.predicate
def is_discussable(user, proposal: Proposal | None) -> bool:
    return (
        proposal is not None
        and proposal.stage not in lifecycle.UNLISTED
        and not proposal.is_hidden
    )


@rules.predicate
def is_comment_author(user, comment: Comment | None) -> bool:
    return (
        comment is not None and user.is_authenticated and comment.author_id == user.pk
    )


@rules.predicate
def is_comment_live(user, comment: Comment | None) -> bool:
    return comment is not None and not comment.is_deleted and not comment.is_hidden


@rules.predicate
def is_within_edit_window(user, comment: Comment | None) -> bool:
    from proposals.services import COMMENT_EDIT_WINDOW

    return (
        comment is not None
        and timezone.now() - comment.created_at <= COMMENT_EDIT_WINDOW
    )


@rules.predicate
def is_own_content(user, target) -> bool:
    return target is not None and user.is_authenticated and target.author_id == user.pk

"""Who may agree; when a proposal accepts agreements is proposals.lifecycle's rule.

The plain functions are shared by the services (which raise the precise error) and the
`rules` predicates below (which answer yes or no for views and templates).
"""

import rules
from allauth.account.models import EmailAddress
from django.conf import settings

from proposals.lifecycle import Stage, accepts_agreements


def user_is_verified_voter(user) -> bool:
    """A verified phone always counts; a verified email only unless VOTE_REQUIRES_PHONE."""
    if user is None or not user.is_authenticated:
        return False
    if user.phone_verified_at is not None:
        return True
    if settings.VOTE_REQUIRES_PHONE:
        return False
    cached = getattr(user, "_voting_email_verified", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._voting_email_verified = cached
    return cached


@rules.predicate
def is_verified_voter(user) -> bool:
    return user_is_verified_voter(user)


@rules.predicate
def is_proposal_author(user, proposal) -> bool:
    return (
        proposal is not None and user.is_authenticated and proposal.author_id == user.pk
    )


@rules.predicate
def is_accepting_agreements(user, proposal) -> bool:
    return proposal is not None and accepts_agreements(proposal)


@rules.predicate
def is_open_below_threshold(user, proposal) -> bool:
    return (
        proposal is not None
        and proposal.stage == Stage.OPEN
        and (proposal.threshold is None or proposal.vote_count < proposal.threshold)
    )


is_staff = rules.is_staff

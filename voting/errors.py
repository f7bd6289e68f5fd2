"""Refusals of an agreement. Views show the message; the API returns `code` and `status`."""

from django.utils.translation import gettext_lazy as _

from oasis.core.errors import DomainError, NotAllowed, VerificationRequired

__all__ = ["OwnProposal", "VerificationRequired", "VotingClosed"]


class VotingClosed(DomainError):
    code = "voting_closed"
    status = 409
    default_message = _("Agreements with this proposal are closed.")


class OwnProposal(NotAllowed):
    code = "own_proposal"
    status = 403
    default_message = _("You cannot agree with your own proposal.")

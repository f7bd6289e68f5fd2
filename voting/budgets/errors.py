"""Refusals of a ballot or a budget round change. Views show the message; the API
returns `code` and `status`."""

from django.utils.translation import gettext_lazy as _

from oasis.core.errors import DomainError, NotAllowed, VerificationRequired

__all__ = [
    "BallotingClosed",
    "NotEligible",
    "NotOnBallot",
    "OverBudget",
    "TooMany",
    "VerificationRequired",
]


class OverBudget(DomainError):
    code = "over_budget"
    status = 400
    default_message = _("These projects cost more than the budget of this round.")


class TooMany(DomainError):
    code = "too_many"
    status = 400
    default_message = _("You chose more projects than this round allows.")


class NotOnBallot(DomainError):
    code = "not_on_ballot"
    status = 400
    default_message = _("A chosen project is not on the ballot of this round.")


class BallotingClosed(DomainError):
    code = "balloting_closed"
    status = 409
    default_message = _("Balloting in this round is not open.")


class NotEligible(NotAllowed):
    code = "not_eligible"
    status = 403
    default_message = _("This round is for the residents of its district.")

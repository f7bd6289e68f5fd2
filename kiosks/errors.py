"""Refusals specific to kiosks; the API returns `code` and `status`."""

from django.utils.translation import gettext_lazy as _

from oasis.core.errors import DomainError, NotFound


class EnrollmentCodeInvalid(DomainError):
    code = "enrollment_code_invalid"
    default_message = _("This enrollment code is not valid or has expired.")


class HandoffGone(DomainError):
    code = "handoff_gone"
    status = 410
    default_message = _(
        "This code has already been used or has expired. Please start again at the kiosk."
    )


class ProposalNotOnKiosk(NotFound):
    code = "proposal_not_available"
    default_message = _("This idea is not available on kiosks.")


class FeatureDisabled(DomainError):
    code = "feature_disabled"
    status = 403
    default_message = _("This function is switched off on this kiosk.")

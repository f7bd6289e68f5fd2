"""The domain errors that services raise and views turn into messages or API errors."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refused action: nothing was changed. `code` is machine-readable."""

    code = "invalid"
    status = 400
    default_message = _("This action is not possible.")

    def __init__(self, message=None, *, code: str | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(str(self.message))


class NotAllowed(DomainError):
    code = "not_allowed"
    status = 403
    default_message = _("You are not allowed to do this.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("This item does not exist.")


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409
    default_message = _("This change of stage is not allowed.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with the current state. Please reload.")


class StaleEdit(Conflict):
    """An edit made from a form older than the saved text; `current` is the saved
    object, so both texts can be shown and merged."""

    code = "stale_edit"
    default_message = _(
        "This was changed elsewhere after you opened the form, so your changes are "
        "not saved yet. Your text is in the form and the current text is shown: "
        "merge them and save again."
    )

    def __init__(self, current, message=None):
        self.current = current
        super().__init__(message)


class VerificationRequired(DomainError):
    code = "verification_required"
    status = 403
    default_message = _("Please verify your email address or phone number first.")


class RateLimited(DomainError):
    code = "throttled"
    status = 429
    default_message = _("Too many attempts. Please wait and try again.")

    def __init__(self, message=None, *, retry_after: int = 60, code: str | None = None):
        self.retry_after = retry_after
        super().__init__(message, code=code)

"""In production, staff and reviewers set up an authenticator before anything else."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

# What a privileged user without an authenticator may still reach: set one up, sign out.
ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/login/",
    "/accounts/reauthenticate/",
    "/accounts/confirm-email/",
    "/static/",
    "/healthz",
    "/readyz",
    "/i18n/",
)


def needs_mfa_setup(user) -> bool:
    if not (user.is_authenticated and (user.is_staff or user.is_reviewer)):
        return False
    return not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


class RequireMfaForPrivilegedUsersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.MFA_REQUIRED_FOR_PRIVILEGED
            and not request.path.startswith(ALLOWED_PREFIXES)
            and needs_mfa_setup(request.user)
        ):
            return redirect(
                reverse("mfa_activate_totp") + "?" + urlencode({"next": request.path})
            )
        return self.get_response(request)

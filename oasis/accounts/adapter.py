import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from oasis.accounts.language import remember_language
from oasis.accounts.models import REVIEWERS_GROUP
from oasis.core.http import warn_untrusted_forwarding

# Where to come back to after logging in when ?next= got lost on the way (sign-up →
# email confirmation → login), set by a page such as the kiosk hand-off /k/<token>/:
# {"url": a local path, "until": a POSIX timestamp}. Used once.
LOGIN_RETURN_SESSION_KEY = "login_return"


def pop_login_return(request) -> str | None:
    session = getattr(request, "session", None)
    pending = session.pop(LOGIN_RETURN_SESSION_KEY, None) if session else None
    if not isinstance(pending, dict) or pending.get("until", 0) <= time.time():
        return None
    url = str(pending.get("url", ""))
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}
    ):
        return url
    return None


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """The address every rate limit keys on (allauth's and Oasis's alike)."""
        warn_untrusted_forwarding(request)
        return super().get_client_ip(request)

    def get_login_redirect_url(self, request):
        """Where sign-in leads when the page asked for none (`next` comes first, in
        allauth): back to a pending return, staff to the console, reviewers to their
        reviews, everyone else to the home page."""
        pending = pop_login_return(request)
        if pending:
            return pending
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.is_staff:
                return reverse("staff:dashboard")
            if user.groups.filter(name=REVIEWERS_GROUP).exists():
                return reverse("reviews:dashboard")
        return super().get_login_redirect_url(request) or resolve_url(
            settings.LOGIN_REDIRECT_URL
        )

    def format_email_subject(self, subject: str) -> str:
        """The subject in the reader's language, after the site's name in it."""
        return f"[{gettext('Oasis')}] {subject}"

    def post_login(self, request, user, **kwargs):
        """On a device that has not chosen a language yet, use the profile's."""
        response = super().post_login(request, user, **kwargs)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and response:
            remember_language(response, user.preferred_language)
        return response


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # Kakao and Naver sign-ups still need consent: allauth shows its sign-up form.
        return True

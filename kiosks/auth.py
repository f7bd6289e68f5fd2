"""Kiosk devices authenticate with a credential, never as a User.

One reader (`presented_credential`) takes the credential from `Authorization: Kiosk
<token>` (native clients) or from the HttpOnly cookie set at enrollment (the touch UI's
pages and fetch calls), and one lookup (`kiosk_for_credential`) finds the enrolled,
unrevoked kiosk by the credential's hash. The DRF class `KioskAuthentication` (kiosk
API, CSRF-checked for the cookie) and `kiosk_required` (touch pages) both use them.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import wraps
from typing import cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission

from kiosks.models import Kiosk

CSRF_REFUSED = _(
    "This page's security token is missing or out of date (%(reason)s). "
    "Reload the page and try again."
)
KEYWORD = "Kiosk"
CREDENTIAL_PREFIX = "oks_"
CREDENTIAL_PATTERN = re.compile(r"oks_[A-Za-z0-9_\-]{20,}")
# Chromium caps cookie lifetimes at 400 days; the touch UI refreshes it on every page.
COOKIE_MAX_AGE = 400 * 24 * 3600
# A credential must never travel in a URL (logs, history, Referer).
URL_CREDENTIAL_KEYS = frozenset(
    {"token", "kiosk", "kiosk_token", "credential", "access_token", "authorization"}
)


class CredentialInUrl(exceptions.AuthenticationFailed):
    default_code = "credential_in_url"
    default_detail = _(
        "Send the kiosk credential in a header or cookie, never in the URL."
    )


class MalformedCredential(exceptions.AuthenticationFailed):
    default_detail = _("Malformed kiosk credential.")


class UnknownKiosk(exceptions.AuthenticationFailed):
    default_detail = _("Unknown or revoked kiosk.")


@dataclass(frozen=True)
class PresentedCredential:
    value: str
    from_cookie: bool


def credential_hash(credential: str) -> str:
    return hashlib.sha256(credential.encode()).hexdigest()


def credential_in_query(request: HttpRequest) -> bool:
    query = request.GET
    if any(key.lower() in URL_CREDENTIAL_KEYS for key in query):
        return True
    return bool(CREDENTIAL_PATTERN.search(request.META.get("QUERY_STRING", "")))


def presented_credential(request: HttpRequest) -> PresentedCredential | None:
    """The credential this request carries: the `Kiosk` Authorization header first,
    else the enrollment cookie; None without either. Raises CredentialInUrl when a
    credential is in the URL and MalformedCredential for a broken header."""
    if credential_in_query(request):
        raise CredentialInUrl()
    header = request.headers.get("Authorization", "").split()
    if header and header[0].lower() == KEYWORD.lower():
        if len(header) != 2:
            raise MalformedCredential()
        return PresentedCredential(header[1], from_cookie=False)
    cookie = request.COOKIES.get(settings.KIOSK_COOKIE_NAME)
    return PresentedCredential(cookie, from_cookie=True) if cookie else None


def kiosk_for_credential(credential: str) -> Kiosk | None:
    """The enrolled, active, unrevoked kiosk holding `credential` (looked up by hash)."""
    if not credential or not credential.startswith(CREDENTIAL_PREFIX):
        return None
    return (
        Kiosk.objects.select_related("district")
        .filter(
            credential_hash=credential_hash(credential),
            is_active=True,
            revoked_at__isnull=True,
        )
        .first()
    )


def _no_view(request: HttpRequest) -> HttpResponseBase:
    """The view and the next middleware of a CSRF check run alone: never called."""
    raise NotImplementedError


class _CsrfCheck(CsrfViewMiddleware):
    """Django's CSRF check, answering the reason of a refusal instead of a page."""

    def _reject(self, request, reason):
        return reason


def _csrf_reason(request) -> str | None:
    """Why the request fails the CSRF check, in words, or None when it passes."""
    check = _CsrfCheck(_no_view)
    check.process_request(request)
    # _reject above answers the reason itself, not a page.
    return cast(str | None, check.process_view(request, _no_view, (), {}))


class KioskAuthentication(BaseAuthentication):
    """request.user stays anonymous; request.auth is the Kiosk."""

    def authenticate(self, request):
        presented = presented_credential(request._request)
        if presented is None:
            return None
        kiosk = kiosk_for_credential(presented.value)
        if kiosk is None:
            raise UnknownKiosk()
        if presented.from_cookie:
            # A cookie is sent by the browser on its own: the touch UI proves intent
            # with the CSRF token, like a session would.
            reason = _csrf_reason(request._request)
            if reason:
                raise exceptions.PermissionDenied(CSRF_REFUSED % {"reason": reason})
        return AnonymousUser(), kiosk

    def authenticate_header(self, request):
        return KEYWORD


class IsKiosk(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, Kiosk)


def set_credential_cookie(response, credential: str) -> None:
    response.set_cookie(
        settings.KIOSK_COOKIE_NAME,
        credential,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Strict",
        secure=settings.PRODUCTION,
    )


def kiosk_required(view):
    """Touch pages: the cookie credential (or header) of an enrolled, unrevoked kiosk.
    Without one the device is sent to the enrollment page; request.kiosk is set."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            presented = presented_credential(request)
        except CredentialInUrl:
            return HttpResponseBadRequest(
                CredentialInUrl.default_detail, content_type="text/plain"
            )
        except MalformedCredential:
            presented = None
        kiosk = kiosk_for_credential(presented.value) if presented else None
        if kiosk is None:
            response = redirect("kiosks:kiosk-enroll")
            if settings.KIOSK_COOKIE_NAME in request.COOKIES:
                response.delete_cookie(settings.KIOSK_COOKIE_NAME, samesite="Strict")
            return response
        request.kiosk = kiosk
        return view(request, *args, **kwargs)

    return wrapper


def activate_kiosk_language(request, default_language: str) -> str:
    """The visitor's switch wins (language cookie); otherwise the kiosk's default."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in dict(settings.LANGUAGES):
        language = default_language
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def touch_page(view):
    """The touch UI's pages: an enrolled kiosk (kiosk_required), its configuration and
    language applied, never cached (a shared screen). Sets request.kiosk_config."""
    from django.utils.cache import add_never_cache_headers

    from kiosks.selectors import kiosk_config_for

    @kiosk_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        config = kiosk_config_for(kiosk=request.kiosk)
        activate_kiosk_language(request, config.default_language)
        request.kiosk_config = config
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        credential = request.COOKIES.get(settings.KIOSK_COOKIE_NAME)
        if credential:  # keep the device's cookie from ever expiring while in use
            set_credential_cookie(response, credential)
        return response

    return wrapper

"""The project's own pages (home, privacy, error pages) and the helpers every app's
views use to refuse: require_perm / rule_required for rules, raise_if_forbidden and
refuse_with_message for domain errors."""

import functools

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe
from rest_framework import exceptions

from oasis.core.api import error_body


@require_safe
def home(request):
    return render(request, "core/home.html")


@require_safe
def favicon(request):
    # The static URL is looked up per request: the manifest exists only after
    # collectstatic.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_safe
def privacy(request):
    return render(request, "core/privacy.html")


API_PREFIX = "/api/"


def _api_error(code: str, detail, status: int) -> JsonResponse:
    return JsonResponse(error_body(code, detail), status=status)


def bad_request(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return _api_error("parse_error", exceptions.ParseError.default_detail, 400)
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    if request.path.startswith(API_PREFIX):
        detail = exceptions.PermissionDenied.default_detail
        return _api_error("permission_denied", detail, 403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    """Pages answer the 404 page; every path under /api/ answers the API's JSON error,
    whether or not the path names an endpoint."""
    if request.path.startswith(API_PREFIX):
        return _api_error("not_found", exceptions.NotFound.default_detail, 404)
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return _api_error("error", exceptions.APIException.default_detail, 500)
    return render(request, "500.html", status=500)


@require_safe
def admin_login(request):
    """The admin signs in through allauth, so that rate limits and MFA apply there too."""
    if request.user.is_authenticated:
        # Signed in but not staff: sending them to the login page again would loop.
        raise PermissionDenied
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("account_login") + (f"?{query}" if query else ""))


def raise_if_forbidden(error) -> None:
    """A domain refusal about permission answers 403, like a failed rule; callers turn
    every other refusal into a message."""
    if error.status == 403:
        raise PermissionDenied from error


def require_perm(request, permission: str, obj=None) -> None:
    """403 unless the rule grants `permission` on `obj` to the visitor.

    The rule itself, not user.has_perm(): a superuser is not the author of every idea
    nor the reviewer of every assignment.
    """
    if not rules.has_perm(permission, request.user, obj):
        raise PermissionDenied


def rule_required(permission: str):
    """A view decorator: sign in first, then 403 unless the rule grants `permission`."""

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            require_perm(request, permission)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def refuse_with_message(request, error) -> None:
    """A domain refusal: 403 when it is about permission, otherwise its message."""
    raise_if_forbidden(error)
    messages.error(request, str(error.message))

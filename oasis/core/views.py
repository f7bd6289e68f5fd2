from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return render(request, "core/home.html")


@require_safe
def privacy(request):
    return render(request, "core/privacy.html")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
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

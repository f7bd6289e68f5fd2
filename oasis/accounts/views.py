import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from oasis.accounts import services
from oasis.accounts.forms import (
    DeleteAccountForm,
    PhoneCodeForm,
    PhoneForm,
    ProfileForm,
)
from oasis.accounts.language import remember_language
from oasis.accounts.phones import mask_phone
from oasis.core.errors import DomainError


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "display_name": user.display_name,
            "home_district": user.home_district,
            "preferred_language": user.preferred_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, **form.cleaned_data)
        with override(user.preferred_language):  # the next page is in that language
            messages.success(request, _("Your profile was saved."))
        return remember_language(redirect("accounts:profile"), user.preferred_language)
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "masked_phone": mask_phone(user.phone_last_digits)},
    )


def _safe_next(request) -> str:
    """Where to return after verifying a phone (a kiosk hand-off, an agreement)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@login_required
@require_http_methods(["GET", "POST"])
def phone_start(request):
    next_url = _safe_next(request)
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phone_verification_start(
                user=request.user, raw_phone=form.cleaned_data["phone"]
            )
        except DomainError as error:
            form.add_error("phone", str(error.message))
        else:
            messages.success(request, _("We sent a 6-digit code by text message."))
            return redirect(_with_next(reverse("accounts:phone-confirm"), next_url))
    return render(
        request, "accounts/phone_start.html", {"form": form, "next_url": next_url}
    )


@login_required
@require_http_methods(["GET", "POST"])
def phone_confirm(request):
    next_url = _safe_next(request)
    form = PhoneCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phone_verification_confirm(
                user=request.user, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_error("code", str(error.message))
        else:
            messages.success(request, _("Your phone number is verified."))
            return redirect(next_url or "accounts:profile")
    return render(
        request,
        "accounts/phone_confirm.html",
        {
            "form": form,
            "next_url": next_url,
            "restart_url": _with_next(reverse("accounts:phone-start"), next_url),
        },
    )


@login_required
def export_data(request):
    data = services.user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="oasis-my-data-{stamp}.json"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account was deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


@require_POST
def set_language(request):
    """Django's switch, plus remembering the choice on the signed-in person's profile."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        services.user_set_language(
            user=request.user, language=request.POST.get("language", "")
        )
    return response

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from oasis.notifications import preferences, selectors, services
from oasis.notifications.forms import PreferencesForm
from oasis.notifications.tokens import read_unsubscribe_token


@login_required
def notification_list(request):
    page = Paginator(selectors.notification_list(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page_obj": page})


@login_required
@require_POST
def notification_open(request, pk: int):
    notification = services.notification_mark_read(
        user=request.user, notification_id=pk
    )
    target = notification.url if notification else ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect("notifications:notification-list")


@login_required
@require_POST
def notification_mark_all_read(request):
    count = services.notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:notification-list")


@login_required
@require_POST
def notification_mark_read(request, pk: int):
    services.notification_mark_read(user=request.user, notification_id=pk)
    url = reverse("notifications:notification-list")
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
@require_http_methods(["GET", "POST"])
def preferences_edit(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, table=form.table())
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _unsubscribe_groups(groups):
    return [str(preferences.GROUPS[g][0]) for g in groups if g in preferences.GROUPS]


@csrf_exempt  # RFC 8058: mail providers POST without a session; the signature is the proof
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """One-click unsubscribe from an email: GET asks, POST switches email off."""
    try:
        data = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(
            request,
            "notifications/unsubscribe_done.html",
            {"group_labels": _unsubscribe_groups(data.groups)},
        )
    return render(
        request,
        "notifications/unsubscribe_confirm.html",
        {"group_labels": _unsubscribe_groups(data.groups)},
    )

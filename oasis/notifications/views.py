from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oasis.notifications import selectors, services


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

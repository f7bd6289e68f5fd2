"""Thin views of the staff console: the dashboard and the audit log."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from oasis.core.pagination import InvalidCursor
from oasis.core.views import rule_required
from oasis.staff import selectors
from oasis.staff.forms import AuditFilterForm

# Sign in first, then 403 for anyone who is not staff.
staff_required = rule_required("staff.view_dashboard")


@staff_required
@require_safe
def dashboard(request):
    return render(
        request, "staff/dashboard.html", {"dashboard": selectors.staff_dashboard()}
    )


@staff_required
@require_safe
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = selectors.AuditFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.AuditFilters(**form.cleaned_data)
    try:
        page = selectors.audit_events(filters=filters, cursor=request.GET.get("cursor"))
    except InvalidCursor:
        raise Http404 from None
    return render(request, "staff/audit_list.html", {"form": form, "page": page})

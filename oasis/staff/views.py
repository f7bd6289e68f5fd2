"""Thin views: the staff dashboard and audit log, the public statistics and open data."""

import functools

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from oasis.core.db_routers import (
    PublicReadsProxy,
    public_reads,
    stream_public_reads,
)
from oasis.staff import opendata, selectors
from oasis.staff.forms import AuditFilterForm
from proposals.pagination import InvalidCursor

# Anonymous visitors' browsers may keep /stats/ this long; the figures change every
# ten minutes (beat) and the page is served from the fragment cache meanwhile.
STATS_MAX_AGE = 300
OPEN_DATA_MAX_AGE = 600


def staff_required(view):
    """Sign in first, then 403 for anyone who is not staff."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not rules.has_perm("staff.view_dashboard", request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


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
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "staff/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_safe
def stats(request):
    with public_reads():
        snapshot = selectors.stats_snapshot()
    # The template reads the figures on first use, behind its fragment cache.
    stats_page = PublicReadsProxy(selectors.StatsPage(snapshot)) if snapshot else None
    response = render(
        request, "stats/stats.html", {"snapshot": snapshot, "stats": stats_page}
    )
    if not request.user.is_authenticated:
        # Not public: the page carries the visitor's CSRF token (base.html).
        patch_cache_control(response, private=True, max_age=STATS_MAX_AGE)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_safe
def open_data(request):
    return render(
        request,
        "open_data/index.html",
        {
            "datasets": opendata.DATASETS.values(),
            "licence": opendata.LICENCE,
            "licence_title": opendata.LICENCE_TITLE,
        },
    )


@require_safe
def open_data_dictionary(request):
    return render(
        request,
        "open_data/dictionary.html",
        {
            "datasets": opendata.DATASETS.values(),
            "licence": opendata.LICENCE,
            "licence_title": opendata.LICENCE_TITLE,
        },
    )


def dataset_response(name: str, fmt: str, *, attachment: bool) -> StreamingHttpResponse:
    dataset = opendata.DATASETS.get(name)
    if dataset is None or fmt not in ("csv", "json"):
        raise Http404
    if fmt == "csv":
        response = StreamingHttpResponse(
            stream_public_reads(opendata.iter_csv(dataset)),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = StreamingHttpResponse(
            stream_public_reads(
                opendata.iter_json(dataset, generated_at=timezone.now())
            ),
            content_type="application/json; charset=utf-8",
        )
    if attachment:
        response["Content-Disposition"] = (
            f'attachment; filename="oasis-{dataset.name}.{fmt}"'
        )
    response["Link"] = f'<{opendata.LICENCE["url"]}>; rel="license"'
    # The files hold no personal data and no token: any cache may keep them a while.
    patch_cache_control(response, public=True, max_age=OPEN_DATA_MAX_AGE)
    return response


@require_safe
def open_data_file(request, name: str, fmt: str):
    return dataset_response(name, fmt, attachment=True)

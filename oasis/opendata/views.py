"""Thin views of the public statistics and the open data."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from oasis.core.csv import streaming_csv_response
from oasis.core.db_routers import (
    PublicReadsProxy,
    public_reads,
    stream_public_reads,
)
from oasis.opendata import datasets, selectors

# Anonymous visitors' browsers may keep /stats/ this long; the figures change every
# ten minutes (beat) and the page is served from the fragment cache meanwhile.
STATS_MAX_AGE = 300
OPEN_DATA_MAX_AGE = 600


@require_safe
def stats(request):
    with public_reads():
        snapshot = selectors.stats_snapshot()
    # The template reads the figures on first use, behind its fragment cache.
    stats_page = PublicReadsProxy(selectors.StatsPage(snapshot)) if snapshot else None
    response = render(
        request, "opendata/stats.html", {"snapshot": snapshot, "stats": stats_page}
    )
    if not request.user.is_authenticated:
        # Not public: the page carries the visitor's CSRF token (base.html).
        patch_cache_control(response, private=True, max_age=STATS_MAX_AGE)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _catalogue_page(request, template: str):
    return render(
        request,
        template,
        {
            "datasets": datasets.DATASETS.values(),
            "licence": datasets.LICENCE,
            "licence_title": datasets.LICENCE_TITLE,
        },
    )


@require_safe
def open_data(request):
    return _catalogue_page(request, "opendata/open_data.html")


@require_safe
def open_data_dictionary(request):
    return _catalogue_page(request, "opendata/dictionary.html")


def dataset_response(name: str, fmt: str, *, attachment: bool) -> StreamingHttpResponse:
    dataset = datasets.DATASETS.get(name)
    if dataset is None or fmt not in ("csv", "json"):
        raise Http404
    filename = f"oasis-{dataset.name}.{fmt}" if attachment else None
    if fmt == "csv":
        response = streaming_csv_response(
            stream_public_reads(datasets.csv_rows(dataset)), filename=filename
        )
    else:
        response = StreamingHttpResponse(
            stream_public_reads(
                datasets.iter_json(dataset, generated_at=timezone.now())
            ),
            content_type="application/json; charset=utf-8",
        )
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{datasets.LICENCE["url"]}>; rel="license"'
    # The files hold no personal data and no token: any cache may keep them a while.
    patch_cache_control(response, public=True, max_age=OPEN_DATA_MAX_AGE)
    return response


@require_safe
def open_data_file(request, name: str, fmt: str):
    return dataset_response(name, fmt, attachment=True)

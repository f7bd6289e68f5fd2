"""Uploaded files on the local disk, served by the app itself (any DEBUG), for sites
whose MEDIA_STORAGE is the file system; object storage serves its own URLs."""

from django.conf import settings
from django.views.decorators.http import require_safe
from django.views.static import serve


@require_safe
def media_serve(request, path: str):
    """One file under MEDIA_ROOT (never outside it, never a directory listing), with
    the long-lived cache headers its random, never-reused name allows."""
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = settings.MEDIA_CACHE_CONTROL
    return response

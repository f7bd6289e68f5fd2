"""The app's URLs plus one view for the benchmark's third floor (tests/bench/run.py)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from oasis.urls import urlpatterns as app_urlpatterns


@require_POST
def signed_in_nothing(request):
    """What every agreement pays before its own work — the app's middleware, the
    session, the user, the CSRF check — and nothing else."""
    return HttpResponse(status=204 if request.user.is_authenticated else 403)


urlpatterns = [
    path("bench/signed-in-nothing/", signed_in_nothing),
    *app_urlpatterns,
]

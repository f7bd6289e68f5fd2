"""/healthz (the process answers) and /readyz (its dependencies answer)."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
    else:
        cache.set("readyz", "1", 5)


def _check_broker() -> None:
    from oasis.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)


def _checks():
    yield "database", _check_database
    yield ("cache (redis)" if settings.REDIS_URL else "cache"), _check_cache
    if settings.REDIS_URL:
        yield "broker (redis)", _check_broker


@never_cache
def readyz(request):
    """200 when every dependency answers; 503 naming the ones that do not."""
    results, failing = {}, []
    for name, check in _checks():
        try:
            check()
            results[name] = "ok"
        except Exception as error:
            results[name] = f"unreachable: {error.__class__.__name__}"
            failing.append(name)
    status = 503 if failing else 200
    return JsonResponse(
        {"status": "fail" if failing else "ok", "failing": failing, "checks": results},
        status=status,
    )

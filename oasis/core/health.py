"""/healthz (the process answers) and /readyz (its dependencies answer)."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from oasis.core.db_routers import REPLICA, replica_configured


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_replica() -> None:
    with connections[REPLICA].cursor() as cursor:
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
    """(name, check, required): a node without a required dependency is not ready;
    without the replica it is degraded, its public reads falling back to the primary."""
    yield "database", _check_database, True
    if replica_configured():
        yield "database (replica)", _check_replica, False
    yield ("cache (redis)" if settings.REDIS_URL else "cache"), _check_cache, True
    if settings.REDIS_URL:
        yield "broker (redis)", _check_broker, True


@never_cache
def readyz(request):
    """200 when every required dependency answers, 503 naming the ones that do not;
    `degraded` names the optional ones (the read replica) that do not answer."""
    results, failing, degraded = {}, [], []
    for name, check, required in _checks():
        try:
            check()
            results[name] = "ok"
        except Exception as error:
            results[name] = f"unreachable: {error.__class__.__name__}"
            (failing if required else degraded).append(name)
    if failing:
        status = "fail"
    elif degraded:
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {
            "status": status,
            "failing": failing,
            "degraded": degraded,
            "checks": results,
        },
        status=503 if failing else 200,
    )

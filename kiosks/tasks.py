"""Scheduled work of the kiosks app (Celery beat)."""

from celery import shared_task

from kiosks.services import kiosks_mark_offline, kiosks_purge_old


@shared_task(
    autoretry_for=(Exception,), retry_backoff=True, max_retries=3, ignore_result=True
)
def kiosks_mark_offline_task() -> int:
    """Every minute: kiosks that missed three heartbeats go offline; staff are alerted."""
    return kiosks_mark_offline()


@shared_task(
    autoretry_for=(Exception,), retry_backoff=True, max_retries=3, ignore_result=True
)
def kiosks_purge_old_task() -> dict[str, int]:
    """Daily: SMS codes older than a day and finished hand-offs older than 30 days go."""
    return kiosks_purge_old()

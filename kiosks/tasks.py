"""Scheduled work of the kiosks app (Celery beat)."""

from celery import shared_task

from kiosks.services import kiosks_mark_offline


@shared_task(
    autoretry_for=(Exception,), retry_backoff=True, max_retries=3, ignore_result=True
)
def kiosks_mark_offline_task() -> int:
    """Every minute: kiosks that missed three heartbeats go offline; staff are alerted."""
    return kiosks_mark_offline()

"""Scheduled work of the open data: the statistics aggregates (beat in settings)."""

from celery import shared_task

from oasis.opendata import services


@shared_task
def refresh_statistics() -> str:
    """Bring /stats/ and the per-day open data up to date (recent days only)."""
    return services.statistics_refresh().computed_at.isoformat()


@shared_task
def rebuild_statistics() -> str:
    """Recount every day from the votes (catches retractions of older agreements)."""
    return services.statistics_refresh(full=True).computed_at.isoformat()

"""Scheduled work of the voting app: thin tasks around services (beat in settings)."""

from celery import shared_task

from voting import services


@shared_task
def close_expired_windows() -> int:
    """Archive open proposals whose agreement window ended."""
    return services.voting_windows_close()


@shared_task
def refresh_trending_scores() -> int:
    """Recompute the 7-day agreement counts that the trending sort reads."""
    return services.trending_scores_refresh()


@shared_task
def release_anonymised_phones() -> int:
    """Drop the phone hash of deleted accounts once it no longer guards a vote."""
    return services.anonymised_phones_release()

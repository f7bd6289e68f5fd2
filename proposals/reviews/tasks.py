"""Scheduled work of stakeholder review."""

from celery import shared_task

from proposals.reviews.services.reminders import review_reminders_send


@shared_task(ignore_result=True)
def remind_reviewers() -> int:
    """Remind reviewers whose assignments are due within REVIEW_REMINDER_DAYS."""
    return review_reminders_send()

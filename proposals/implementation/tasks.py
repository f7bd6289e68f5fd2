"""Scheduled work of answers and implementation."""

from celery import shared_task

from proposals.implementation.overdue import overdue_answers_notify


@shared_task(ignore_result=True)
def notify_overdue_answers() -> int:
    """Tell the author and staff about answers past their due date."""
    return overdue_answers_notify()

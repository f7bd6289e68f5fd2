"""dispatch() as a committed request sees it: the event is written in the transaction
and fanned out after commit (in-process, as without a broker)."""

from django.test import TestCase

from oasis.notifications import services
from oasis.notifications.models import Notification


def dispatch_now(event: str, **context) -> list[Notification]:
    """Dispatch, commit, fan out; return the notifications of the event."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        row = services.dispatch(event, **context)
    return list(Notification.objects.filter(source=row).order_by("pk"))


def fan_out_pending() -> None:
    """Run, as the worker would after commit, the fan-outs of events still unfinished
    (a test's own transaction never commits, so its after-commit callbacks never run)."""
    from oasis.notifications.fanout import event_fan_out
    from oasis.notifications.models import NotificationEvent

    with TestCase.captureOnCommitCallbacks(execute=True):
        for event_id in NotificationEvent.objects.filter(
            fanout_done_at__isnull=True
        ).values_list("pk", flat=True):
            event_fan_out(event_id=event_id)

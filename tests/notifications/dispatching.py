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

"""dispatch(): the single entry point for telling people that something happened.

It writes one event row (the outbox of events) in the caller's transaction, so the
event exists exactly when the change it reports was committed, and the request does
the same work whether one person or a hundred thousand will hear of it. After commit a
worker fans the event out (oasis.notifications.fanout); without a broker that runs
in-process after commit, and if the broker is down the event waits for the sweep.
"""

import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from oasis.core.tasks import enqueue
from oasis.notifications import fanout, preferences
from oasis.notifications.models import (
    Channel,
    Delivery,
    Frequency,
    Notification,
    NotificationEvent,
    NotificationPreference,
)
from oasis.notifications.tokens import read_unsubscribe_token

logger = logging.getLogger("oasis.notifications")


def dispatch(event: str, *, actor=None, **context) -> NotificationEvent:
    """Record `event` in the caller's transaction and fan it out after commit.

    The context names objects (stored as references) and plain values; the event's
    registered recipients function computes the audience from them at fan-out time.
    The actor is never told about their own action.
    """
    row = fanout.event_record(event, actor=actor, context=context)
    transaction.on_commit(partial(enqueue_fan_out, row.pk))
    return row


def enqueue_fan_out(event_id: int) -> bool:
    """Queue the fan-out of one event; never raise into the request.

    Called after commit. When the broker is down, or the in-process fan-out failed,
    the event stays unfinished and the sweep resumes it.
    """
    from oasis.notifications.tasks import fan_out

    return enqueue(fan_out, event_id)


def enqueue_deliveries(delivery_ids: Iterable[int]) -> int:
    """Queue the delivery tasks; never raise into the request. Return how many queued.

    Called after commit. When the broker is down, or the Redis breaker is open after a
    recent failure, the rows stay pending and the outbox sweep sends them later.
    """
    from oasis.notifications.tasks import deliver

    queued = 0
    for delivery_id in delivery_ids:
        if not enqueue(deliver, delivery_id):
            break  # the broker is down: the rest stay pending for the sweep too
        queued += 1
    return queued


def notification_mark_read(*, user, notification_id: int) -> Notification | None:
    notification = Notification.objects.filter(
        recipient=user, pk=notification_id
    ).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Preferences ---------------------------------------------------------------------


@transaction.atomic
def preference_set(*, user, group: str, channel: str, frequency: str) -> None:
    """Store one choice; the default is stored as the absence of a row."""
    if group not in preferences.GROUPS:
        raise ValueError(f"unknown notification group {group!r}")
    if frequency not in preferences.CHOICES.get(channel, ()):
        raise ValueError(f"{frequency!r} is not a choice for {channel!r}")
    if frequency == preferences.default_for(group, channel):
        NotificationPreference.objects.filter(
            user=user, group=group, channel=channel
        ).delete()
        return
    NotificationPreference.objects.update_or_create(
        user=user, group=group, channel=channel, defaults={"frequency": frequency}
    )


@transaction.atomic
def preferences_update(*, user, table: dict[str, dict[str, str]]) -> None:
    """Store a whole preferences table (group → channel → frequency)."""
    for group, channels in table.items():
        for channel, frequency in channels.items():
            preference_set(user=user, group=group, channel=channel, frequency=frequency)


@transaction.atomic
def unsubscribe(*, token: str):
    """Switch email off for the groups a signed token names; return (user, groups).

    Raises django.core.signing.BadSignature for a forged token; nothing changes then.
    """
    from oasis.accounts.models import User

    data = read_unsubscribe_token(token)
    user = User.objects.filter(pk=data.user_id).first()
    groups = [group for group in data.groups if group in preferences.GROUPS]
    if user is None:
        return None, groups
    for group in groups:
        preference_set(
            user=user, group=group, channel=Channel.EMAIL, frequency=Frequency.OFF
        )
    return user, groups


# --- Outbox --------------------------------------------------------------------------


@transaction.atomic
def deliveries_retry(*, delivery_ids: Iterable[int]) -> int:
    """Put failed (or skipped) deliveries back in the outbox and queue them after commit."""
    ids = list(
        Delivery.objects.filter(pk__in=list(delivery_ids))
        .filter(status__in=[Delivery.Status.FAILED, Delivery.Status.SKIPPED])
        .values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING, attempts=0, last_error=""
    )
    immediate = list(
        Delivery.objects.filter(pk__in=ids, frequency=Frequency.IMMEDIATE).values_list(
            "pk", flat=True
        )
    )
    if immediate:
        transaction.on_commit(partial(enqueue_deliveries, immediate))
    return len(ids)


def notifications_purge(*, older_than) -> int:
    """Delete notifications (and their deliveries) created before `older_than`."""
    total = 0
    while True:
        batch = list(
            Notification.objects.filter(created_at__lt=older_than).values_list(
                "pk", flat=True
            )[:1000]
        )
        if not batch:
            NotificationEvent.objects.filter(
                fanout_done_at__isnull=False, created_at__lt=older_than
            ).delete()
            return total
        Delivery.objects.filter(notification_id__in=batch).delete()
        total += (
            Notification.objects.filter(pk__in=batch)
            .delete()[1]
            .get(Notification._meta.label, 0)
        )


def events_fan_out_now(*, after_id: int) -> int:
    """Fan out in the caller's transaction the events recorded after event `after_id`
    (a bulk load, such as the demo, that then skips the deliveries); return how many."""
    ids = list(
        NotificationEvent.objects.filter(pk__gt=after_id, fanout_done_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for event_id in ids:
        while not fanout.fanout_batch(event_id=event_id):
            pass
    return len(ids)


def deliveries_skip_pending(*, after_id: int) -> int:
    """Mark the outbox rows written after `after_id` and still pending as skipped, so
    that nothing is sent for them; return how many."""
    return Delivery.objects.filter(
        pk__gt=after_id, status=Delivery.Status.PENDING
    ).update(status=Delivery.Status.SKIPPED)

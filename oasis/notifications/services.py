"""dispatch(): the single entry point for telling people that something happened.

It writes the in-app notifications and the outbox (one Delivery per recipient and
channel) in the caller's transaction; only the queueing of delivery tasks waits for the
commit, and a broker outage there leaves the rows pending for the sweep.
"""

import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from oasis.core.tasks import enqueue
from oasis.notifications import events, preferences
from oasis.notifications.delivery import verified_email_user_ids
from oasis.notifications.models import (
    Channel,
    Delivery,
    Frequency,
    Notification,
    NotificationPreference,
)
from oasis.notifications.tokens import read_unsubscribe_token

logger = logging.getLogger("oasis.notifications")


def dispatch(event: str, *, actor=None, **context) -> list[Notification]:
    """Write the notifications of `event` and their deliveries in the caller's transaction.

    The actor is never told about their own action. Texts are rendered once per language.
    Each recipient's preferences for the event's group decide the channels and whether
    an email leaves now or in a digest; delivery tasks are queued after commit.
    """
    spec = events.get(event)
    context["actor"] = actor
    recipients = {
        user.pk: user
        for user in spec.recipients(context)
        if user is not None
        and user.is_active
        and (actor is None or user.pk != actor.pk)
    }
    withheld = events.withheld_subjects(context)
    if withheld:
        recipients = {
            pk: user
            for pk, user in recipients.items()
            if events.may_hear_about(user, withheld)
        }
    if not recipients:
        return []
    target = spec.target(context) if spec.target else None
    url = (
        spec.url(context)
        if spec.url
        else (
            target.get_absolute_url()
            if target is not None and hasattr(target, "get_absolute_url")
            else ""
        )
    )
    groups = {pk: spec.group_for(context, user) for pk, user in recipients.items()}
    choices: dict[int, dict[str, str]] = {}
    for group in set(groups.values()):
        ids = [pk for pk, user_group in groups.items() if user_group == group]
        choices.update(preferences.choices_for_users(ids, group))
    now = timezone.now()
    texts: dict[str, str] = {}
    rows = []
    for user in recipients.values():
        language = user.preferred_language or "ko"
        if language not in texts:
            with override(language):
                texts[language] = str(spec.text(context))[:500]
        in_app = choices[user.pk][Channel.IN_APP] != Frequency.OFF
        rows.append(
            Notification(
                recipient=user,
                event=event,
                target_type=target._meta.label_lower if target is not None else "",
                target_id=str(target.pk) if target is not None else "",
                text=texts[language],
                url=url,
                # Switched off in-app: kept for the record, but not in the bell.
                read_at=None if in_app else now,
            )
        )
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(rows)
        deliveries = Delivery.objects.bulk_create(
            _deliveries(notifications, recipients, groups, choices)
        )
    immediate = [d.pk for d in deliveries if d.frequency == Frequency.IMMEDIATE]
    if immediate:
        transaction.on_commit(partial(enqueue_deliveries, immediate))
    return notifications


def _deliveries(notifications, recipients, groups, choices) -> list[Delivery]:
    """One outbox row per notification and external channel the recipient wants."""
    email_ok = verified_email_user_ids(
        user
        for pk, user in recipients.items()
        if choices[pk][Channel.EMAIL] != Frequency.OFF
    )
    rows: list[Delivery] = []
    for notification in notifications:
        user = recipients[notification.recipient_id]
        wanted = choices[user.pk]
        channels = []
        if user.pk in email_ok and wanted[Channel.EMAIL] != Frequency.OFF:
            channels.append((Channel.EMAIL, wanted[Channel.EMAIL]))
        if (
            user.has_verified_phone
            and user.phone_encrypted
            and wanted[Channel.SMS] == Frequency.IMMEDIATE
        ):
            channels.append((Channel.SMS, Frequency.IMMEDIATE))
        rows.extend(
            Delivery(
                notification=notification,
                recipient=user,
                key=f"n{notification.pk}-{channel}",
                channel=channel,
                group=groups[user.pk],
                frequency=frequency,
            )
            for channel, frequency in channels
        )
    return rows


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
            return total
        Delivery.objects.filter(notification_id__in=batch).delete()
        total += (
            Notification.objects.filter(pk__in=batch)
            .delete()[1]
            .get(Notification._meta.label, 0)
        )


def deliveries_skip_pending(*, after_id: int) -> int:
    """Mark the outbox rows written after `after_id` and still pending as skipped, so
    that nothing is sent for them; return how many."""
    return Delivery.objects.filter(
        pk__gt=after_id, status=Delivery.Status.PENDING
    ).update(status=Delivery.Status.SKIPPED)

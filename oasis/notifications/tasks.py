"""Background work of notifications: thin tasks that take ids and call the sending code.

Beat runs the sweep, the digests and the clean-up (README, "Background schedules").
Every task is safe to run twice.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from oasis.core.tasks import enqueue
from oasis.notifications import delivery, fanout, services
from oasis.notifications.models import Delivery, Frequency, NotificationEvent

logger = logging.getLogger("oasis.notifications")

SWEEP_BATCH = 500
RESWEEP_SECONDS = 15 * 60


@shared_task(
    bind=True,
    autoretry_for=(delivery.DeliveryFailed,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=delivery.MAX_ATTEMPTS - 1,
    ignore_result=True,
)
def deliver(self, delivery_id: int) -> str:
    """Send one email or SMS from the outbox, once; retried with exponential backoff."""
    return delivery.delivery_send(delivery_id=delivery_id)


@shared_task(ignore_result=True)
def fan_out(event_id: int) -> bool:
    """Expand one event into notifications and deliveries, page by page; a fan-out
    longer than its time budget queues its own continuation."""
    done = fanout.event_fan_out(event_id=event_id)
    if not done:
        enqueue(fan_out, event_id)  # if the broker is down, the sweep resumes it
    return done


@shared_task(ignore_result=True)
def sweep_events(older_than_seconds: int | None = None) -> int:
    """Queue the fan-out of events that did not finish (broker or worker was down, a
    worker died halfway); they resume at their cursor."""
    age = (
        older_than_seconds
        if older_than_seconds is not None
        else settings.NOTIFICATIONS_FANOUT_SWEEP_AFTER_SECONDS
    )
    now = timezone.now()
    ids = fanout.events_unfinished(
        older_than=now - timedelta(seconds=age),
        resweep_before=now - timedelta(seconds=RESWEEP_SECONDS),
        limit=SWEEP_BATCH,
    )
    queued = 0
    for event_id in ids:
        if not services.enqueue_fan_out(event_id):
            break
        NotificationEvent.objects.filter(pk=event_id).update(swept_at=now)
        queued += 1
    if ids:
        logger.info(
            "Event sweep: %s of %s unfinished fan-outs queued.", queued, len(ids)
        )
    return queued


@shared_task(ignore_result=True)
def sweep_outbox(older_than_seconds: int | None = None) -> int:
    """Queue immediate deliveries still pending after a while (broker or worker was
    down), and those whose reply was lost NOTIFICATIONS_RESEND_AFTER_SECONDS ago.

    A row the sweep queued is queued again only after RESWEEP_SECONDS, so that a worker
    backlog does not fill the queue with copies (each would send nothing, but cost).
    """
    age = (
        older_than_seconds
        if older_than_seconds is not None
        else settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS
    )
    now = timezone.now()
    pending = Q(
        status=Delivery.Status.PENDING, created_at__lte=now - timedelta(seconds=age)
    )
    reply_lost = Q(
        status=Delivery.Status.SENDING,
        sending_started_at__lte=now - delivery.resend_after(),
    )
    ids = list(
        Delivery.objects.filter(
            Q(swept_at__isnull=True)
            | Q(swept_at__lte=now - timedelta(seconds=RESWEEP_SECONDS)),
            pending | reply_lost,
            frequency=Frequency.IMMEDIATE,
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    if not ids:
        return 0
    logger.info("Outbox sweep: %s pending deliveries.", len(ids))
    queued = services.enqueue_deliveries(ids)
    Delivery.objects.filter(pk__in=ids[:queued]).update(swept_at=now)
    return queued


@shared_task(ignore_result=True)
def send_digests(frequency: str = Frequency.DAILY) -> int:
    """Send the digests of this frequency in one streamed pass; return emails sent.
    A digest that failed stays pending for the next run (up to MAX_ATTEMPTS)."""
    return delivery.digests_send(frequency=frequency)


@shared_task(
    autoretry_for=(delivery.DeliveryFailed,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=delivery.MAX_ATTEMPTS - 1,
    ignore_result=True,
)
def send_digest(user_id: int, frequency: str) -> int:
    """One person's digest email; sends nothing if another run sent it already."""
    return delivery.digest_send(user_id=user_id, frequency=frequency)


@shared_task(ignore_result=True)
def purge_old_notifications(days: int | None = None) -> int:
    """Retention: notifications (and their deliveries) older than a year are deleted."""
    days = days or settings.NOTIFICATIONS_RETENTION_DAYS
    return services.notifications_purge(
        older_than=timezone.now() - timedelta(days=days)
    )

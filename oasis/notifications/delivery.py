"""Sending what the outbox holds: one delivery, or one digest of several.

An immediate delivery is claimed first: its row goes from `pending` to `sending` in a
transaction of its own, committed before the relay is contacted, so a task that runs
twice (a retry, the sweep, a redelivered message) finds it claimed and sends nothing.
When the relay refuses or cannot be reached, the row goes back to `pending` and the task
retries. When the reply is lost (a timeout, a dropped connection, a worker that died),
nobody knows whether the message left; the row stays `sending` and is sent once more
only after NOTIFICATIONS_RESEND_AFTER_SECONDS, with the same Message-ID, so a recipient
gets it at least once and, per lost reply, at most one copy more, which mail clients can
recognise by that Message-ID.

A digest locks its rows and sends only while they are pending. The daily and weekly
runs stream: people with pending items are taken in pages by id, their items,
preferences and addresses read once per page, and the page's emails handed to one
reused mail connection. A run killed in the middle of a page sends that page again at
the next run, with the same Message-IDs.
"""

import logging
import smtplib
from datetime import timedelta
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from oasis.accounts.phones import decrypt_phone
from oasis.accounts.sms import SmsSendError, send_sms
from oasis.notifications import preferences
from oasis.notifications.models import Channel, Delivery, Frequency
from oasis.notifications.tokens import unsubscribe_token

logger = logging.getLogger("oasis.notifications")

MAX_ATTEMPTS = 6
# A send whose reply was lost is tried again only this long after it began.
RESEND_AFTER_SECONDS = 30 * 60
# After these, nobody knows whether the relay took the message.
REPLY_LOST = (TimeoutError, smtplib.SMTPServerDisconnected, ConnectionResetError)
SMS_TEXT_LIMIT = 120
# A digest lists the newest items; the rest are a click away on the site.
DIGEST_ITEMS_SHOWN = 50
# People per page of a digest run: one transaction and one mail connection each.
DIGEST_PAGE_SIZE = 200


class DeliveryFailed(Exception):
    """Sending failed and may succeed later; the task retries with backoff."""


def site_url(path: str = "") -> str:
    base = settings.OASIS_SITE_URL.rstrip("/")
    if not path or path.startswith(("http://", "https://")):
        return path or base
    return base + path


def _mail_domain() -> str:
    return urlsplit(site_url()).hostname or "oasis.local"


def message_id_for(key: str) -> str:
    return f"<{key}@{_mail_domain()}>"


def resend_after() -> timedelta:
    return timedelta(
        seconds=getattr(
            settings, "NOTIFICATIONS_RESEND_AFTER_SECONDS", RESEND_AFTER_SECONDS
        )
    )


def verified_email_user_ids(users) -> set[int]:
    """The users whose current address is verified (one query)."""
    by_id = {user.pk: (user.email or "").lower() for user in users if user.email}
    if not by_id:
        return set()
    return {
        user_id
        for user_id, email in EmailAddress.objects.filter(
            user_id__in=by_id, verified=True
        ).values_list("user_id", "email")
        if email.lower() == by_id[user_id]
    }


def can_receive(user, channel: str) -> bool:
    if not user.is_active or user.anonymised_at is not None:
        return False
    if channel == Channel.EMAIL:
        return bool(user.email) and user.pk in verified_email_user_ids([user])
    if channel == Channel.SMS:
        return user.has_verified_phone and bool(user.phone_encrypted)
    return False


def _language(user) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def _unsubscribe_links(user, groups) -> tuple[str, str]:
    token = unsubscribe_token(user=user, groups=groups)
    return (
        site_url(reverse("notifications:unsubscribe", args=[token])),
        site_url(reverse("notifications:preferences")),
    )


def _email(*, user, template: str, context: dict, groups, message_id: str):
    """Render one email in the recipient's language, with RFC 8058 one-click unsubscribe."""
    with translation.override(_language(user)):
        unsubscribe_url, preferences_url = _unsubscribe_links(user, groups)
        context = {
            **context,
            "recipient": user,
            "site_name": settings.OASIS_SITE_NAME,
            "site_url": site_url(),
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": preferences_url,
            "group_labels": [str(preferences.GROUPS[g][0]) for g in sorted(groups)],
        }
        subject = " ".join(
            render_to_string(f"notifications/email/{template}_subject.txt", context)
            .strip()
            .split()
        )
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            # Stable per delivery, so that a resend after a lost reply is recognisable.
            "Message-ID": message_id,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _send(delivery: Delivery) -> None:
    user, notification = delivery.recipient, delivery.notification
    if delivery.channel == Channel.SMS:
        with translation.override(_language(user)):
            text = notification.text
            if len(text) > SMS_TEXT_LIMIT:
                text = text[: SMS_TEXT_LIMIT - 1] + "…"
            body = f"[{settings.OASIS_SITE_NAME}] {text}"
            if notification.url:
                body += " " + site_url(notification.url)
        send_sms(decrypt_phone(user.phone_encrypted), body)
        return
    _email(
        user=user,
        template="notification",
        context={
            "notification": notification,
            "target_url": site_url(notification.url) if notification.url else "",
        },
        groups=[delivery.group],
        message_id=delivery.message_id,
    ).send()


def _still_wanted(delivery: Delivery) -> bool:
    """The person may have unsubscribed, lost their phone or left since dispatch."""
    if not can_receive(delivery.recipient, delivery.channel):
        return False
    choice = preferences.choices_for_users([delivery.recipient_id], delivery.group)[
        delivery.recipient_id
    ][delivery.channel]
    return choice != Frequency.OFF


def _worth_retrying(error: Exception) -> bool:
    """An SMS provider's refusal (a bad number, a bad key) will not change by waiting."""
    return not (isinstance(error, SmsSendError) and not error.retryable)


def _mark_failure(delivery: Delivery, error: Exception, now) -> None:
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_error = f"{error.__class__.__name__}: {error}"[:2000]
    if delivery.attempts >= MAX_ATTEMPTS or not _worth_retrying(error):
        delivery.status = Delivery.Status.FAILED
    delivery.save(update_fields=["attempts", "last_attempt_at", "last_error", "status"])


def _mark(deliveries, status: str, now) -> None:
    sent = status == Delivery.Status.SENT
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        status=status,
        attempts=F("attempts") + 1 if sent else F("attempts"),
        last_attempt_at=now,
        sent_at=now if sent else None,
        last_error="",
    )


def _claim(delivery_id: int, now) -> Delivery | str:
    """Mark the delivery `sending` (committed by the caller's transaction) and return
    it, or return why there is nothing to send."""
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("notification", "recipient")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return "missing"
    reply_lost_long_ago = (
        delivery.status == Delivery.Status.SENDING
        and delivery.sending_started_at is not None
        and delivery.sending_started_at <= now - resend_after()
    )
    if delivery.status != Delivery.Status.PENDING and not reply_lost_long_ago:
        return delivery.status
    if not _still_wanted(delivery):
        _mark([delivery], Delivery.Status.SKIPPED, now)
        return Delivery.Status.SKIPPED
    delivery.status = Delivery.Status.SENDING
    delivery.sending_started_at = now
    delivery.message_id = delivery.message_id or message_id_for(f"oasis.{delivery.key}")
    delivery.save(update_fields=["status", "sending_started_at", "message_id"])
    return delivery


def _record_failure(delivery: Delivery, error: Exception, now) -> None:
    """A lost reply leaves the delivery `sending` for a delayed resend; anything else
    puts it back to `pending` (or `failed` when retrying cannot help)."""
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_error = f"{error.__class__.__name__}: {error}"[:2000]
    if delivery.attempts >= MAX_ATTEMPTS or not _worth_retrying(error):
        delivery.status = Delivery.Status.FAILED
    elif isinstance(error, REPLY_LOST):
        delivery.status = Delivery.Status.SENDING
    else:
        delivery.status = Delivery.Status.PENDING
    Delivery.objects.filter(
        pk=delivery.pk, sending_started_at=delivery.sending_started_at
    ).update(
        attempts=delivery.attempts,
        last_attempt_at=now,
        last_error=delivery.last_error,
        status=delivery.status,
    )


def delivery_send(*, delivery_id: int) -> str:
    """Send one immediate delivery if it is pending (or its reply was lost long enough
    ago); return its status.

    Raises DeliveryFailed while attempts remain and retrying may help, so that the
    task retries later. A lost reply raises nothing: the outbox sweep resends later.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = _claim(delivery_id, now)
    if isinstance(claimed, str):
        return claimed
    delivery = claimed
    try:
        _send(delivery)
    except Exception as error:
        _record_failure(delivery, error, now)
        failure = error
    else:
        Delivery.objects.filter(
            pk=delivery.pk, sending_started_at=delivery.sending_started_at
        ).update(
            status=Delivery.Status.SENT,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            sent_at=timezone.now(),
            last_error="",
        )
        return Delivery.Status.SENT
    logger.warning(
        "Delivery %s failed (attempt %s): %s",
        delivery_id,
        delivery.attempts,
        delivery.last_error,
    )
    if delivery.status in (Delivery.Status.FAILED, Delivery.Status.SENDING):
        return delivery.status
    raise DeliveryFailed(delivery.last_error) from failure


def _digest_message(*, user, wanted: list[Delivery], frequency: str):
    groups = sorted({item.group for item in wanted})
    first = min(item.pk for item in wanted)
    return _email(
        user=user,
        template="digest",
        context={
            "frequency": frequency,
            "items": [
                {
                    "notification": item.notification,
                    "url": site_url(item.notification.url)
                    if item.notification.url
                    else "",
                }
                for item in wanted[-DIGEST_ITEMS_SHOWN:]
            ],
            "count": len(wanted),
            "more": max(0, len(wanted) - DIGEST_ITEMS_SHOWN),
            "list_url": site_url(reverse("notifications:notification-list")),
        },
        groups=groups,
        message_id=message_id_for(
            f"oasis.digest.{frequency}.{user.pk}.{first}.{len(wanted)}"
        ),
    )


def _wanted(items: list[Delivery], *, reachable: bool, table) -> list[Delivery]:
    return [
        item
        for item in items
        if reachable
        and table.get(item.group, {}).get(Channel.EMAIL, Frequency.OFF) != Frequency.OFF
    ]


def digests_send(*, frequency: str, page_size: int | None = None) -> int:
    """Send every pending digest of this frequency in one pass; return emails sent."""
    size = page_size or DIGEST_PAGE_SIZE
    pending = Delivery.objects.filter(
        status=Delivery.Status.PENDING, frequency=frequency, channel=Channel.EMAIL
    )
    sent = cursor = 0
    while True:
        user_ids = list(
            pending.filter(recipient_id__gt=cursor)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:size]
        )
        if not user_ids:
            return sent
        cursor = user_ids[-1]
        sent += _digest_page(user_ids=user_ids, frequency=frequency)


def _digest_page(*, user_ids: list[int], frequency: str) -> int:
    now = timezone.now()
    with transaction.atomic():
        items = list(
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification", "recipient")
            .filter(
                recipient_id__in=user_ids,
                frequency=frequency,
                channel=Channel.EMAIL,
                status=Delivery.Status.PENDING,
            )
            .order_by("recipient_id", "created_at", "id")
        )
        by_user: dict[int, list[Delivery]] = {}
        for item in items:
            by_user.setdefault(item.recipient_id, []).append(item)
        users = {pk: its[0].recipient for pk, its in by_user.items()}
        verified = verified_email_user_ids(users.values())
        tables = preferences.choices_for_users_all(by_user)
        unwanted: list[Delivery] = []
        outgoing = []
        for user_id, its in by_user.items():
            user = users[user_id]
            reachable = (
                user.is_active and user.anonymised_at is None and user_id in verified
            )
            wanted = _wanted(its, reachable=reachable, table=tables[user_id])
            wanted_ids = {item.pk for item in wanted}
            unwanted.extend(item for item in its if item.pk not in wanted_ids)
            if wanted:
                outgoing.append(
                    (
                        _digest_message(user=user, wanted=wanted, frequency=frequency),
                        wanted,
                    )
                )
        if unwanted:
            _mark(unwanted, Delivery.Status.SKIPPED, now)
        delivered: list[Delivery] = []
        if outgoing:
            connection = get_connection()
            connection.open()
            try:
                for message, wanted in outgoing:
                    try:
                        connection.send_messages([message])
                    except Exception as error:
                        logger.warning(
                            "Digest for user %s failed: %s",
                            wanted[0].recipient_id,
                            error,
                        )
                        for item in wanted:
                            _mark_failure(item, error, now)
                    else:
                        delivered.extend(wanted)
            finally:
                connection.close()
        if delivered:
            _mark(delivered, Delivery.Status.SENT, now)
    return len({item.recipient_id for item in delivered})


def digest_send(*, user_id: int, frequency: str) -> int:
    """Send one email summarising a person's pending digest items; return how many.

    Raises DeliveryFailed while attempts remain.
    """
    with transaction.atomic():
        items = list(
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification", "recipient")
            .filter(
                recipient_id=user_id,
                frequency=frequency,
                channel=Channel.EMAIL,
                status=Delivery.Status.PENDING,
            )
            .order_by("created_at", "id")
        )
        if not items:
            return 0
        user = items[0].recipient
        now = timezone.now()
        wanted = _wanted(
            items,
            reachable=can_receive(user, Channel.EMAIL),
            table=preferences.choices_for_user(user),
        )
        wanted_ids = {item.pk for item in wanted}
        unwanted = [item for item in items if item.pk not in wanted_ids]
        if unwanted:
            _mark(unwanted, Delivery.Status.SKIPPED, now)
        if not wanted:
            return 0
        try:
            _digest_message(user=user, wanted=wanted, frequency=frequency).send()
        except Exception as error:
            for item in wanted:
                _mark_failure(item, error, now)
            failure = error
        else:
            _mark(wanted, Delivery.Status.SENT, now)
            return len(wanted)
    logger.warning("Digest for user %s failed: %s", user_id, failure)
    if all(item.status == Delivery.Status.FAILED for item in wanted):
        return 0
    raise DeliveryFailed(str(failure)) from failure

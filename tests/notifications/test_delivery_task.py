"""The delivery task: once per key, retried with backoff, failures kept for staff."""

from unittest import mock

import pytest
from django.core import mail

from oasis.notifications import delivery as sending
from oasis.notifications import services, tasks
from oasis.notifications.models import Channel, Delivery, NotificationPreference

pytestmark = pytest.mark.django_db


def test_running_the_same_delivery_task_twice_sends_one_email(delivery):
    # when the task runs twice (a retry, the sweep, a redelivered message)
    first = tasks.deliver.apply(args=[delivery.pk]).get()
    second = tasks.deliver.apply(args=[delivery.pk]).get()
    # then
    assert (first, second) == ("sent", "sent")
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at is not None


def test_the_task_retries_with_exponential_backoff():
    task = tasks.deliver
    assert sending.DeliveryFailed in task.autoretry_for
    assert task.retry_backoff
    assert task.retry_jitter
    assert task.max_retries == sending.MAX_ATTEMPTS - 1


def test_a_failing_send_is_retried_then_marked_failed(delivery, eager_retries):
    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=OSError("SMTP is down")
    ) as send:
        tasks.deliver.apply(args=[delivery.pk])
    # eager retries run at once; each one is one attempt on the row
    assert send.call_count == sending.MAX_ATTEMPTS
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == sending.MAX_ATTEMPTS
    assert "SMTP is down" in delivery.last_error


def test_a_transient_failure_keeps_the_row_pending_for_the_next_try(delivery):
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("busy")),
        pytest.raises(sending.DeliveryFailed),
    ):
        sending.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    # the next attempt succeeds and clears the error
    assert sending.delivery_send(delivery_id=delivery.pk) == Delivery.Status.SENT
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_error) == (2, "")
    assert len(mail.outbox) == 1


def test_unsubscribed_after_dispatch_is_skipped(delivery):
    NotificationPreference.objects.create(
        user=delivery.recipient,
        group=delivery.group,
        channel=Channel.EMAIL,
        frequency="off",
    )
    assert tasks.deliver.apply(args=[delivery.pk]).get() == Delivery.Status.SKIPPED
    assert mail.outbox == []


def test_the_email_links_to_the_target_on_the_site(delivery, settings):
    settings.OASIS_SITE_URL = "https://oasis.example.org"
    delivery.notification.url = "/proposals/7/"
    delivery.notification.save()
    tasks.deliver.apply(args=[delivery.pk])
    (message,) = mail.outbox
    assert "https://oasis.example.org/proposals/7/" in message.body
    assert message.extra_headers["Message-ID"] == (
        f"<oasis.{delivery.key}@oasis.example.org>"
    )


def test_admin_retry_puts_a_failed_delivery_back(
    delivery, django_capture_on_commit_callbacks
):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, attempts=6, last_error="boom"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_retry(delivery_ids=[delivery.pk]) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(mail.outbox) == 1

"""A relay that accepts a message but answers too late: the delivery stays `sending`,
is not sent again at once, and is sent once more after the resend delay with the same
Message-ID. A real SMTP server (aiosmtpd) on localhost plays the slow relay."""

import asyncio
import email
import socket
from datetime import timedelta
from email import policy

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from oasis.notifications import delivery as sending
from oasis.notifications import tasks
from oasis.notifications.models import Delivery

pytestmark = pytest.mark.django_db

CLIENT_TIMEOUT = 0.5
RESEND_AFTER = 30 * 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SlowRelay:
    """Takes every message, but replies to DATA only after `delay` seconds."""

    def __init__(self):
        self.delay = 0.0
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=policy.default)
        )
        await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"


@pytest.fixture
def relay(settings):
    from aiosmtpd.controller import Controller

    handler = SlowRelay()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": controller.port,
                "timeout": CLIENT_TIMEOUT,
            },
        }
    }
    settings.NOTIFICATIONS_RESEND_AFTER_SECONDS = RESEND_AFTER
    try:
        yield handler
    finally:
        controller.stop()


def test_a_late_reply_leads_to_one_delayed_resend_with_the_same_message_id(
    relay, delivery
):
    # given a relay that takes the message but replies after the client gave up
    relay.delay = CLIENT_TIMEOUT * 4
    started = timezone.now()

    # when the first attempt times out
    status = sending.delivery_send(delivery_id=delivery.pk)

    # then the delivery is left `sending`: it may well have been delivered
    assert status == Delivery.Status.SENDING
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENDING
    assert delivery.sending_started_at >= started
    assert delivery.attempts == 1
    assert "Timeout" in delivery.last_error or "timed out" in delivery.last_error
    assert len(relay.messages) == 1
    first_id = relay.messages[0]["Message-ID"]
    assert first_id == delivery.message_id

    # an immediate sweep (or a duplicate task) does not send it again
    relay.delay = 0
    assert tasks.sweep_outbox(older_than_seconds=0) == 0
    assert sending.delivery_send(delivery_id=delivery.pk) == Delivery.Status.SENDING
    assert len(relay.messages) == 1

    # nor does a sweep just before the delay is over
    with time_machine.travel(started + timedelta(seconds=RESEND_AFTER - 60)):
        assert tasks.sweep_outbox(older_than_seconds=0) == 0
    assert len(relay.messages) == 1

    # a sweep after the delay sends it once more, with the same Message-ID
    with time_machine.travel(started + timedelta(seconds=RESEND_AFTER + 60)):
        assert tasks.sweep_outbox(older_than_seconds=0) == 1
    assert len(relay.messages) == 2
    assert relay.messages[1]["Message-ID"] == first_id
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2

    # and never again
    with time_machine.travel(started + timedelta(seconds=3 * RESEND_AFTER)):
        assert tasks.sweep_outbox(older_than_seconds=0) == 0
        assert sending.delivery_send(delivery_id=delivery.pk) == Delivery.Status.SENT
    assert len(relay.messages) == 2


@pytest.mark.django_db(transaction=True)
def test_sending_is_committed_before_the_relay_is_contacted(relay, delivery):
    seen = {}

    def other_connection_sees() -> str:
        try:
            return Delivery.objects.values_list("status", flat=True).get(pk=delivery.pk)
        finally:
            connection.close()

    async def look_at_the_row(server, session, envelope):
        # what another worker sees (its own connection) while this one talks to the relay
        seen["status"] = await asyncio.to_thread(other_connection_sees)
        return "250 Message accepted for delivery"

    relay.handle_DATA = look_at_the_row

    assert sending.delivery_send(delivery_id=delivery.pk) == Delivery.Status.SENT
    assert seen["status"] == Delivery.Status.SENDING


def test_a_refused_connection_is_retried_soon_not_after_the_delay(settings, delivery):
    # nothing listens: the message surely did not leave
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _free_port(), "timeout": 1},
        }
    }
    with pytest.raises(sending.DeliveryFailed):
        sending.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)

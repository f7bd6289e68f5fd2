"""SMS deliveries through HttpSmsBackend: a provider's outage is retried, a refusal is not."""

import pytest
from django.utils import timezone

from oasis.accounts.phones import protect_phone
from oasis.notifications import delivery as sending
from oasis.notifications import tasks
from oasis.notifications.models import Channel, Delivery, NotificationPreference
from tests.accounts.sms_provider import API_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_delivery(delivery_factory, user):
    protected = protect_phone("010-1234-5678")
    user.phone_hmac = protected.hmac
    user.phone_encrypted = protected.encrypted
    user.phone_last_digits = protected.last_digits
    user.phone_verified_at = timezone.now()
    user.save()
    NotificationPreference.objects.create(
        user=user, group="own_content", channel=Channel.SMS, frequency="immediate"
    )
    return delivery_factory(notification__recipient=user, channel=Channel.SMS)


def test_a_delivery_reaches_the_provider(sms_delivery, http_sms):
    assert tasks.deliver.apply(args=[sms_delivery.pk]).get() == Delivery.Status.SENT

    (request,) = http_sms.received
    assert request.json()["to"] == "01012345678"
    assert sms_delivery.notification.text in request.json()["text"]


def test_a_provider_outage_leaves_the_delivery_pending_for_a_retry(
    sms_delivery, http_sms
):
    http_sms.answer(500)

    with pytest.raises(sending.DeliveryFailed):
        sending.delivery_send(delivery_id=sms_delivery.pk)

    sms_delivery.refresh_from_db()
    assert (sms_delivery.status, sms_delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert "HTTP 500" in sms_delivery.last_error
    assert API_KEY not in sms_delivery.last_error
    # the retry, once the provider is back, sends it
    assert sending.delivery_send(delivery_id=sms_delivery.pk) == Delivery.Status.SENT
    assert len(http_sms.received) == 2


def test_the_task_retries_through_an_outage(sms_delivery, http_sms, eager_retries):
    http_sms.answer(503, 503)

    tasks.deliver.apply(args=[sms_delivery.pk])

    sms_delivery.refresh_from_db()
    assert sms_delivery.status == Delivery.Status.SENT
    assert sms_delivery.attempts == 3
    assert len(http_sms.received) == 3


def test_a_refusal_fails_the_delivery_without_retrying(
    sms_delivery, http_sms, eager_retries
):
    http_sms.answer(400, 400, 400)

    tasks.deliver.apply(args=[sms_delivery.pk])

    sms_delivery.refresh_from_db()
    assert sms_delivery.status == Delivery.Status.FAILED
    assert sms_delivery.attempts == 1
    assert "HTTP 400" in sms_delivery.last_error
    assert len(http_sms.received) == 1

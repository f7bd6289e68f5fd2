"""dispatch() writes the in-app rows and the outbox in the caller's transaction."""

import pytest
from django.core import mail
from django.db import transaction

from oasis.accounts.phones import protect_phone
from oasis.notifications import services
from oasis.notifications.models import (
    Channel,
    Delivery,
    Frequency,
    Notification,
    NotificationEvent,
    NotificationPreference,
)
from tests.notifications.dispatching import dispatch_now

pytestmark = pytest.mark.django_db


def _with_phone(user, number="010-1234-5678"):
    from django.utils import timezone

    protected = protect_phone(number)
    user.phone_hmac = protected.hmac
    user.phone_encrypted = protected.encrypted
    user.phone_last_digits = protected.last_digits
    user.phone_verified_at = timezone.now()
    user.save()
    return user


def test_own_content_default_is_one_immediate_email(ping_events, user, user2):
    # when
    dispatch_now("test.own_content", actor=user2, to=[user])
    # then
    notification = Notification.objects.get(recipient=user)
    assert notification.read_at is None
    delivery = Delivery.objects.get()
    assert (delivery.recipient, delivery.channel, delivery.frequency) == (
        user,
        Channel.EMAIL,
        Frequency.IMMEDIATE,
    )
    assert delivery.notification == notification
    assert delivery.key == f"n{notification.pk}-email"


@pytest.mark.parametrize(
    ("event", "frequency"),
    [
        ("test.following", Frequency.DAILY),
        ("test.review", Frequency.IMMEDIATE),
        ("test.staff", Frequency.IMMEDIATE),
        ("test.account", Frequency.IMMEDIATE),
    ],
)
def test_defaults_per_group(ping_events, user, event, frequency):
    dispatch_now(event, to=[user])
    assert list(Delivery.objects.values_list("channel", "frequency")) == [
        (Channel.EMAIL, frequency)
    ]


def test_the_actor_is_not_told(ping_events, user):
    assert dispatch_now("test.own_content", actor=user, to=[user]) == []
    assert not Delivery.objects.exists()


def test_email_off_writes_no_delivery(ping_events, user):
    NotificationPreference.objects.create(
        user=user, group="own_content", channel=Channel.EMAIL, frequency=Frequency.OFF
    )
    dispatch_now("test.own_content", to=[user])
    assert Notification.objects.filter(recipient=user).exists()
    assert not Delivery.objects.exists()


def test_in_app_off_keeps_the_record_out_of_the_bell(ping_events, user):
    NotificationPreference.objects.create(
        user=user, group="own_content", channel=Channel.IN_APP, frequency=Frequency.OFF
    )
    dispatch_now("test.own_content", to=[user])
    assert Notification.objects.get(recipient=user).read_at is not None


def test_no_email_delivery_for_unverified_or_missing_address(ping_events, user_factory):
    unverified = user_factory(verified_email=False)
    phone_only = user_factory(email=None)
    dispatch_now("test.own_content", to=[unverified, phone_only])
    assert Notification.objects.count() == 2
    assert not Delivery.objects.exists()


def test_sms_only_when_opted_in_and_phone_verified(
    ping_events, user_factory, sms_outbox, django_capture_on_commit_callbacks
):
    opted_in = _with_phone(user_factory())
    NotificationPreference.objects.create(
        user=opted_in, group="own_content", channel=Channel.SMS, frequency="immediate"
    )
    not_opted_in = _with_phone(user_factory(), "010-2222-3333")
    opted_in_no_phone = user_factory()
    NotificationPreference.objects.create(
        user=opted_in_no_phone,
        group="own_content",
        channel=Channel.SMS,
        frequency="immediate",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch(
            "test.own_content", to=[opted_in, not_opted_in, opted_in_no_phone]
        )
    sms = Delivery.objects.filter(channel=Channel.SMS)
    assert [d.recipient for d in sms] == [opted_in]
    # the number is decrypted only for the backend, at send time
    assert [message.to for message in sms_outbox] == ["+821012345678"]
    assert sms.get().status == Delivery.Status.SENT


def test_rows_belong_to_the_callers_transaction(ping_events, user):
    def caller():
        with transaction.atomic():
            services.dispatch("test.own_content", to=[user])
            raise RuntimeError("the caller fails after dispatching")

    with pytest.raises(RuntimeError):
        caller()
    assert not NotificationEvent.objects.exists()
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_email_leaves_only_after_commit(
    ping_events, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.dispatch("test.own_content", to=[user])
    assert mail.outbox == []
    assert not Delivery.objects.exists()
    assert len(callbacks) == 1
    # the fan-out after commit queues the delivery after its own batch commits
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT


@pytest.mark.parametrize(("language", "text"), [("en", "Ping"), ("ko", "알림")])
def test_email_is_in_the_recipients_language(
    ping_events, user_factory, django_capture_on_commit_callbacks, language, text
):
    recipient = user_factory(preferred_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch("test.own_content", to=[recipient], title="benches")
    (message,) = mail.outbox
    assert message.to == [recipient.email]
    assert text in message.subject
    assert text in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<html lang="{language}">' in html


def test_every_email_carries_one_click_unsubscribe(
    ping_events, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch("test.own_content", to=[user])
    (message,) = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http")
    assert "/notifications/unsubscribe/" in header
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert header.strip("<>") in message.body
    assert header.strip("<>") in message.alternatives[0][0]


def test_dispatch_query_budget(
    ping_events,
    user_factory,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    recipients = [user_factory() for _ in range(10)]
    # in the request: the event row only
    with (
        django_assert_max_num_queries(1),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        services.dispatch("test.following", to=recipients)
    assert not Notification.objects.exists()
    # the fan-out of one page: the event's idea (fan-outs run in order per idea),
    # savepoint, lock the event, reload the context, one page of users, preferences,
    # insert notifications, read their ids, verified addresses, insert deliveries,
    # move the cursor, release the savepoint
    with django_assert_max_num_queries(12):
        callbacks[0]()
    assert Delivery.objects.count() == 10

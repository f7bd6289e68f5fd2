"""With the broker unreachable the request still succeeds: the event is kept, and the
sweep fans it out and delivers once the broker is back."""

import time

import pytest
from django.core import mail

from oasis.celery import app
from oasis.notifications import services, tasks
from oasis.notifications.models import Delivery, Notification, NotificationEvent

pytestmark = pytest.mark.django_db


def test_dispatch_succeeds_and_sweep_sends_once_when_broker_returns(
    ping_events, user, user2, broker_down, django_capture_on_commit_callbacks, caplog
):
    # given the broker is down
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch("test.own_content", actor=user2, to=[user])
    # then the caller is not hurt, nothing is sent and the event waits, not fanned out
    assert time.monotonic() - started < 10
    assert mail.outbox == []
    event = NotificationEvent.objects.get()
    assert event.fanout_done_at is None
    assert not Notification.objects.exists()
    assert "Broker unreachable" in caplog.text
    # and a sweep while the broker is still down keeps it
    tasks.sweep_events(older_than_seconds=0)
    assert not Notification.objects.exists()

    # when the broker is back (eager here) and the sweeps run
    app.conf.task_always_eager = True
    NotificationEvent.objects.update(swept_at=None)
    tasks.sweep_events.delay(older_than_seconds=0)
    tasks.sweep_events.delay(older_than_seconds=0)
    tasks.sweep_outbox.delay(older_than_seconds=0)
    # then the event was fanned out once and exactly one email left
    event.refresh_from_db()
    assert event.fanout_done_at is not None
    assert list(Notification.objects.values_list("recipient", flat=True)) == [user.pk]
    assert len(mail.outbox) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SENT


def test_commenting_succeeds_with_the_broker_down(
    proposal, user2, broker_down, django_capture_on_commit_callbacks
):
    from proposals.services import comment_create

    # given the broker is down, when someone comments on the author's idea
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(proposal=proposal, author=user2, body="Good idea!")
    # then the comment exists, the event waits for the sweep
    assert comment.pk is not None
    assert NotificationEvent.objects.filter(fanout_done_at__isnull=True).exists()
    assert not Delivery.objects.exists()
    assert mail.outbox == []
    # and the sweeps fan it out and send it once the broker is back
    app.conf.task_always_eager = True
    tasks.sweep_events(older_than_seconds=0)
    tasks.sweep_events(older_than_seconds=0)
    tasks.sweep_outbox(older_than_seconds=0)
    assert [m.to for m in mail.outbox] == [[proposal.author.email]]

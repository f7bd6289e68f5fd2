"""With the broker unreachable the request still succeeds, and the sweep delivers later."""

import time

import pytest
from django.core import mail

from oasis.celery import app
from oasis.notifications import services, tasks
from oasis.notifications.models import Delivery

pytestmark = pytest.mark.django_db


def _forget_connections():
    # Celery caches its connection and producer pools for the first broker URL.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Point Celery at a port where nothing listens, and stop running tasks eagerly."""
    saved = {
        "broker_url": app.conf.broker_url,
        "task_always_eager": app.conf.task_always_eager,
    }
    _forget_connections()
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.task_always_eager = False
    yield
    _forget_connections()
    app.conf.update(saved)


def test_dispatch_succeeds_and_sweep_sends_once_when_broker_returns(
    ping_events, user, user2, broker_down, django_capture_on_commit_callbacks, caplog
):
    # given the broker is down
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch("test.own_content", actor=user2, to=[user])
    # then the caller is not hurt, nothing is sent and the row waits in the outbox
    assert time.monotonic() - started < 10
    assert mail.outbox == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert "Broker unreachable" in caplog.text

    # when the broker is back (eager here) and the sweep runs
    app.conf.task_always_eager = True
    tasks.sweep_outbox.delay(older_than_seconds=0)
    tasks.sweep_outbox.delay(older_than_seconds=0)
    # then exactly one email left
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_commenting_succeeds_with_the_broker_down(
    proposal, user2, broker_down, django_capture_on_commit_callbacks
):
    from proposals.services import comment_create

    # given the broker is down, when someone comments on the author's idea
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(proposal=proposal, author=user2, body="Good idea!")
    # then the comment exists, the author's email waits in the outbox
    assert comment.pk is not None
    delivery = Delivery.objects.get(recipient=proposal.author)
    assert delivery.status == Delivery.Status.PENDING
    assert mail.outbox == []
    # and the sweep sends it once the broker is back
    app.conf.task_always_eager = True
    tasks.sweep_outbox(older_than_seconds=0)
    tasks.sweep_outbox(older_than_seconds=0)
    assert [m.to for m in mail.outbox] == [[proposal.author.email]]

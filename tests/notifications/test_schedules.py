"""Beat work of notifications: the outbox sweep and the retention clean-up."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from oasis.celery import app
from oasis.notifications import tasks
from oasis.notifications.models import Delivery, Frequency, Notification

pytestmark = pytest.mark.django_db


def _age(delivery, seconds):
    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=seconds)
    )


def test_every_notifications_schedule_names_a_registered_task():
    app.loader.import_default_modules()
    ours = {
        name: entry
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"].startswith("oasis.notifications.")
    }
    assert {
        "notifications-sweep-outbox",
        "notifications-daily-digest",
        "notifications-weekly-digest",
        "notifications-purge-old",
    } <= set(ours)
    for entry in ours.values():
        assert entry["task"] in app.tasks


def test_the_sweep_sends_only_old_pending_immediate_deliveries(delivery_factory):
    old = delivery_factory()
    _age(old, 600)
    fresh = delivery_factory()  # its own task is probably on the way
    digest_item = delivery_factory(frequency=Frequency.DAILY)
    _age(digest_item, 600)
    sent = delivery_factory(status=Delivery.Status.SENT)
    _age(sent, 600)

    tasks.sweep_outbox.apply()

    assert [m.to for m in mail.outbox] == [[old.recipient.email]]
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert statuses[old.pk] == Delivery.Status.SENT
    assert statuses[fresh.pk] == Delivery.Status.PENDING
    assert statuses[digest_item.pk] == Delivery.Status.PENDING


def test_retention_deletes_notifications_older_than_a_year(
    user, notification_factory, delivery_factory
):
    old = notification_factory(recipient=user)
    delivery_factory(notification=old)
    recent = notification_factory(recipient=user)
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=366)
    )
    assert tasks.purge_old_notifications.apply().get() == 1
    assert list(Notification.objects.all()) == [recent]
    assert not Delivery.objects.exists()


def test_the_sweep_does_not_queue_a_backlog_again_every_minute(
    delivery_factory, monkeypatch
):
    old = delivery_factory()
    _age(old, 600)
    queued = []
    monkeypatch.setattr(
        "oasis.notifications.services.enqueue_deliveries",
        lambda ids: queued.append(list(ids)) or len(ids),
    )
    tasks.sweep_outbox.apply()
    tasks.sweep_outbox.apply()  # a minute later: the worker has not caught up yet
    assert queued == [[old.pk]]
    Delivery.objects.filter(pk=old.pk).update(
        swept_at=timezone.now() - dt.timedelta(minutes=16)
    )
    tasks.sweep_outbox.apply()
    assert queued == [[old.pk], [old.pk]]

"""Beat work: the outbox sweep, reminders and overdue answers, retention clean-up."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from oasis.celery import app
from oasis.notifications import events, tasks
from oasis.notifications.models import (
    Delivery,
    Frequency,
    Notification,
    NotificationEvent,
)
from proposals.models import Stage

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
        "notifications-remind-reviewers",
        "notifications-overdue-answers",
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


def test_a_reminder_check_is_skipped_while_its_event_is_unregistered(
    settings, monkeypatch
):
    monkeypatch.delitem(events._events, "review.due_soon", raising=False)
    monkeypatch.delitem(events._defaults, "review.due_soon", raising=False)
    settings.NOTIFICATIONS_SCHEDULED_HOOKS = {
        "review.due_soon": "tests.notifications.test_schedules.fake_hook"
    }
    CALLS.clear()
    assert tasks.remind_reviewers.apply().get() is None
    assert CALLS == []


CALLS: list = []


def fake_hook():
    CALLS.append("called")
    return 3


def test_a_reminder_check_calls_the_review_apps_function(settings, monkeypatch):
    monkeypatch.setitem(
        events._events,
        "review.due_soon",
        events.Event(
            name="review.due_soon",
            group=events.REVIEW,
            recipients=lambda ctx: [],
            text=lambda ctx: "",
        ),
    )
    settings.NOTIFICATIONS_SCHEDULED_HOOKS = {
        "review.due_soon": "tests.notifications.test_schedules.fake_hook"
    }
    CALLS.clear()
    assert tasks.remind_reviewers.apply().get() == 3
    assert CALLS == ["called"]


def test_a_missing_function_is_skipped(settings, monkeypatch):
    monkeypatch.setitem(
        events._defaults,
        "review.due_soon",
        events.Event(
            name="review.due_soon",
            group=events.REVIEW,
            recipients=lambda ctx: [],
            text=lambda ctx: "",
        ),
    )
    settings.NOTIFICATIONS_SCHEDULED_HOOKS = {
        "review.due_soon": "tests.notifications.no_such_module.remind"
    }
    assert tasks.remind_reviewers.apply().get() is None


def test_overdue_answers_tell_author_and_staff_once(
    proposal, staff_user, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_SCHEDULED_HOOKS = {}
    proposal.stage = Stage.IN_REVIEW
    proposal.in_review_at = timezone.now() - dt.timedelta(days=31)
    proposal.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.notify_overdue_answers.apply().get()
        second = tasks.notify_overdue_answers.apply().get()
    assert (first, second) == (1, 0)
    told = set(
        Notification.objects.filter(event="answer.overdue").values_list(
            "recipient", flat=True
        )
    )
    assert told == {proposal.author_id, staff_user.pk}
    # the author hears as the owner (immediately), staff as staff
    groups = dict(
        Delivery.objects.filter(notification__event="answer.overdue").values_list(
            "recipient", "group"
        )
    )
    assert groups == {proposal.author_id: "own_content", staff_user.pk: "staff"}


def test_an_answer_not_yet_due_is_not_overdue(proposal):
    proposal.stage = Stage.IN_REVIEW
    proposal.in_review_at = timezone.now() - dt.timedelta(days=29)
    proposal.save()
    assert tasks.notify_overdue_answers.apply().get() == 0


def test_an_idea_back_in_review_is_told_about_again(proposal, settings):
    settings.NOTIFICATIONS_SCHEDULED_HOOKS = {}
    proposal.stage = Stage.IN_REVIEW
    proposal.in_review_at = timezone.now() - dt.timedelta(days=70)
    proposal.save()
    assert tasks.notify_overdue_answers.apply().get() == 1
    NotificationEvent.objects.filter(name="answer.overdue").update(
        created_at=timezone.now() - dt.timedelta(days=35)
    )
    # deferred, and back in review 31 days ago: a new answer is owed and overdue
    proposal.in_review_at = timezone.now() - dt.timedelta(days=31)
    proposal.save()
    assert tasks.notify_overdue_answers.apply().get() == 1
    assert tasks.notify_overdue_answers.apply().get() == 0


def test_reviewer_reminders_are_wired_to_the_review_app():
    # the review app registers review.due_soon and provides review_reminders_send
    assert "review.due_soon" in events.registered()
    assert tasks.remind_reviewers.apply().get() == 0  # nothing is due


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

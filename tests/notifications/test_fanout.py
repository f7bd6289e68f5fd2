"""The fan-out of an event: in pages, once per person and channel, resumable, in order
per idea, and about a hidden idea only to staff."""

import pytest
from django.core import mail

from oasis.notifications import fanout, services, tasks
from oasis.notifications.models import Delivery, Notification, NotificationEvent
from proposals.models import Follow, Stage
from tests.notifications.dispatching import dispatch_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(settings):
    settings.NOTIFICATIONS_FANOUT_BATCH = 10


def _counts():
    return (
        Notification.objects.count(),
        Notification.objects.values("recipient").distinct().count(),
        Delivery.objects.count(),
        Delivery.objects.values("key").distinct().count(),
    )


def test_fan_out_walks_the_audience_in_pages(
    ping_events, user_factory, small_pages, django_capture_on_commit_callbacks
):
    people = user_factory.create_batch(25)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.dispatch("test.own_content", to=people)
    event.refresh_from_db()
    assert event.fanout_done_at is not None
    assert event.recipient_count == 25
    assert event.cursor == max(person.pk for person in people)
    assert _counts() == (25, 25, 25, 25)
    assert len(mail.outbox) == 25


def test_a_fan_out_killed_halfway_and_run_again_tells_everyone_once(
    ping_events,
    user_factory,
    small_pages,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    people = user_factory.create_batch(25)
    write = fanout._write
    calls = []

    def dies_in_the_second_page(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return write(*args, **kwargs)

    monkeypatch.setattr(fanout, "_write", dies_in_the_second_page)
    # when the fan-out dies in its second page
    with django_capture_on_commit_callbacks(execute=True):
        event = services.dispatch("test.own_content", to=people)
    # then the request was not hurt, the first page is written and the event unfinished
    event.refresh_from_db()
    assert event.fanout_done_at is None
    assert event.cursor == sorted(person.pk for person in people)[9]
    assert _counts() == (10, 10, 10, 10)
    # when the sweep resumes it
    monkeypatch.setattr(fanout, "_write", write)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_events(older_than_seconds=0) == 1
    # then everyone is told exactly once, and each email left once
    event.refresh_from_db()
    assert event.fanout_done_at is not None
    assert _counts() == (25, 25, 25, 25)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        person.email for person in people
    )


def test_a_page_that_runs_twice_writes_nothing_twice(
    ping_events, user_factory, small_pages, django_capture_on_commit_callbacks
):
    people = user_factory.create_batch(15)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.dispatch("test.own_content", to=people)
    # as if the cursor had not been saved: every page runs again
    NotificationEvent.objects.filter(pk=event.pk).update(cursor=0, fanout_done_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        fanout.event_fan_out(event_id=event.pk)
    assert _counts() == (15, 15, 15, 15)
    assert len(mail.outbox) == 15


def test_an_idea_hidden_before_the_fan_out_reaches_only_staff_and_its_author(
    ping_events, proposal, user, user2, staff_user, django_capture_on_commit_callbacks
):
    # given a follower who is not the author, the author and a member of staff
    follower = user2 if user2.pk != proposal.author_id else user
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.dispatch(
            "test.following",
            proposal=proposal,
            to=[follower, proposal.author, staff_user],
        )
    # hidden by moderation before the worker got to it
    proposal.is_hidden = True
    proposal.save(update_fields=["is_hidden"])
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    # the follower hears nothing; the author, who wrote it, still hears of their idea
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        staff_user.pk,
        proposal.author_id,
    }


def test_the_author_still_hears_that_their_idea_was_hidden(
    proposal, staff_user, django_capture_on_commit_callbacks
):
    from proposals.services import moderation_hide

    with django_capture_on_commit_callbacks(execute=True):
        moderation_hide(target=proposal, actor=staff_user, reason="Personal data")
    assert list(Notification.objects.values_list("recipient", "event")) == [
        (proposal.author_id, "moderation.outcome")
    ]


def test_fan_outs_about_one_idea_run_in_the_order_of_the_events(
    ping_events, proposal, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = services.dispatch("test.following", proposal=proposal, to=[user])
        second = services.dispatch("test.following", proposal=proposal, to=[user])
    # the worker that got the second event first
    fanout.event_fan_out(event_id=second.pk)
    rows = list(Notification.objects.order_by("pk").values_list("source", flat=True))
    assert rows == [first.pk, second.pk]
    # and the list shows them newest first, by the time of the event
    assert list(user.notifications.values_list("source", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_an_event_whose_object_is_gone_tells_nobody(
    ping_events, proposal, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = services.dispatch("test.following", proposal=proposal, to=[user])
    proposal.delete()
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()
    event.refresh_from_db()
    assert event.fanout_done_at is not None
    assert not Notification.objects.exists()


@pytest.mark.timeout(600)
def test_the_bell_and_the_list_stay_in_budget_for_500_followed_ideas(
    client,
    user,
    proposal_factory,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    from proposals.services import proposal_transition

    ideas = proposal_factory.create_batch(500, stage=Stage.OPEN, vote_count=60)
    Follow.objects.bulk_create(Follow(proposal=idea, user=user) for idea in ideas)
    with django_capture_on_commit_callbacks(execute=True):
        for idea in ideas:
            proposal_transition(proposal=idea, to=Stage.IN_REVIEW, actor=None)
    assert user.notifications.filter(read_at__isnull=True).count() == 500
    client.force_login(user)
    # session, user, unread count, one page of notifications, its count
    with django_assert_max_num_queries(8):
        response = client.get("/notifications/")
    assert response.status_code == 200
    assert 'data-testid="bell-count"' in response.text
    with django_assert_max_num_queries(8):
        assert client.get("/notifications/?page=5").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


def test_the_sweep_runs_every_minute():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["notifications-sweep-events"]
    assert entry["task"] == "oasis.notifications.tasks.sweep_events"
    assert entry["task"] == tasks.sweep_events.name


def test_dispatch_refuses_an_audience_computed_in_the_request(ping_events, user):
    from django.contrib.auth import get_user_model

    with pytest.raises(TypeError):
        services.dispatch("test.own_content", to=get_user_model().objects.all())
    assert dispatch_now("test.own_content", to=[user])

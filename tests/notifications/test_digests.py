"""Digests: one email per person summarising the pending items of a frequency."""

import pytest
from django.core import mail

from oasis.notifications import tasks
from oasis.notifications.models import Channel, Delivery, NotificationPreference
from tests.notifications.dispatching import dispatch_now

pytestmark = pytest.mark.django_db


def test_following_events_wait_for_the_daily_digest(
    ping_events, user, user2, django_capture_on_commit_callbacks
):
    # given three follow-type events for one person, one for another
    with django_capture_on_commit_callbacks(execute=True):
        for title in ("benches", "trees", "lights"):
            dispatch_now("test.following", to=[user], title=title)
        dispatch_now("test.following", to=[user2], title="water")
    assert mail.outbox == []  # nothing immediate
    # when the daily digest runs (twice)
    assert tasks.send_digests.apply(args=["daily"]).get() == 2
    tasks.send_digests.apply(args=["daily"])
    # then one email each, summarising every item, and nothing twice
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, user2.email])
    (digest,) = [m for m in mail.outbox if m.to == [user.email]]
    for title in ("benches", "trees", "lights"):
        assert title in digest.body
    assert "3" in digest.subject
    assert digest.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()


def test_weekly_digest_collects_weekly_items_only(ping_events, user):
    NotificationPreference.objects.create(
        user=user, group="following", channel=Channel.EMAIL, frequency="weekly"
    )
    dispatch_now("test.following", to=[user], title="weekly news")
    tasks.send_digests.apply(args=["daily"])
    assert mail.outbox == []
    tasks.send_digests.apply(args=["weekly"])
    (digest,) = mail.outbox
    assert "weekly news" in digest.body


def test_items_of_a_group_switched_off_meanwhile_are_not_sent(ping_events, user):
    dispatch_now("test.following", to=[user], title="old news")
    NotificationPreference.objects.create(
        user=user, group="following", channel=Channel.EMAIL, frequency="off"
    )
    tasks.send_digests.apply(args=["daily"])
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


def test_digest_is_written_in_the_recipients_language(ping_events, user_factory):
    english = user_factory(preferred_language="en")
    dispatch_now("test.following", to=[english], title="benches")
    tasks.send_digests.apply(args=["daily"])
    (digest,) = mail.outbox
    assert "Ping about benches" in digest.body
    assert '<html lang="en">' in digest.alternatives[0][0]


def test_a_long_digest_lists_the_newest_and_links_to_the_rest(
    ping_events, user, monkeypatch
):
    monkeypatch.setattr("oasis.notifications.delivery.DIGEST_ITEMS_SHOWN", 2)
    for title in ("first", "second", "third"):
        dispatch_now("test.following", to=[user], title=title)
    tasks.send_digests.apply(args=["daily"])
    (digest,) = mail.outbox
    assert "first" not in digest.body
    assert "second" in digest.body
    assert "third" in digest.body
    assert "/notifications/" in digest.body
    assert "3" in digest.subject
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3


def test_a_digest_run_streams_pages_over_one_connection_each(
    ping_events, user_factory, monkeypatch
):
    from oasis.notifications import delivery

    people = user_factory.create_batch(5)
    dispatch_now("test.following", to=people, title="benches")
    opened = []
    real = delivery.get_connection

    def counting_connection(*args, **kwargs):
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(delivery, "get_connection", counting_connection)
    assert delivery.digests_send(frequency="daily", page_size=2) == 5
    assert len(opened) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert delivery.digests_send(frequency="daily", page_size=2) == 0

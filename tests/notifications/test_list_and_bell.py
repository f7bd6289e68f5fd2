"""/notifications/: paginated, mark one or all read; the bell in every page's header."""

import pytest

from oasis.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_list_is_paginated_newest_first(client, user, notification_factory):
    for _ in range(25):
        notification_factory(recipient=user)
    client.force_login(user)
    first = client.get("/notifications/")
    second = client.get("/notifications/?page=2")
    assert len(first.context["page_obj"].object_list) == 20
    assert len(second.context["page_obj"].object_list) == 5
    newest = Notification.objects.filter(recipient=user).first()
    assert first.context["page_obj"].object_list[0] == newest


def test_the_list_shows_only_my_notifications(
    client, user, user2, notification_factory
):
    mine = notification_factory(recipient=user)
    theirs = notification_factory(recipient=user2)
    client.force_login(user)
    response = client.get("/notifications/")
    assert mine.text in response.text
    assert theirs.text not in response.text


def test_the_bell_counts_unread(client, user, notification_factory):
    notification_factory.create_batch(3, recipient=user)
    client.force_login(user)
    response = client.get("/notifications/")
    assert 'data-testid="bell-count">3<' in response.text


def test_mark_one_read(client, user, notification_factory):
    first, second = notification_factory.create_batch(2, recipient=user)
    client.force_login(user)
    response = client.post(f"/notifications/{first.pk}/read/", {"page": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/notifications/?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_one_cannot_mark_someone_elses(client, user, user2, notification_factory):
    theirs = notification_factory(recipient=user2)
    client.force_login(user)
    client.post(f"/notifications/{theirs.pk}/read/")
    client.post(f"/notifications/{theirs.pk}/open/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_marks_read_and_goes_to_the_target(client, user, notification_factory):
    notification = notification_factory(recipient=user, url="/privacy/")
    client.force_login(user)
    response = client.post(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == "/privacy/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read_clears_the_bell(client, user, user2, notification_factory):
    notification_factory.create_batch(3, recipient=user)
    other = notification_factory(recipient=user2)
    client.force_login(user)
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=user, read_at=None).exists()
    other.refresh_from_db()
    assert other.read_at is None
    assert 'data-testid="bell-count"' not in client.get("/notifications/").text


def test_list_query_budget(
    client, user, notification_factory, django_assert_max_num_queries
):
    notification_factory.create_batch(30, recipient=user)
    client.force_login(user)
    # session, user, count for the paginator, page rows, bell count
    with django_assert_max_num_queries(8):
        response = client.get("/notifications/")
    assert response.status_code == 200

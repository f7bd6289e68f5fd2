"""The in-app side of dispatch(): rows in each recipient's language, the bell, the list."""

import pytest
from django.db import transaction
from django.utils.translation import gettext

from oasis.notifications import events
from oasis.notifications.models import Notification, NotificationEvent
from oasis.notifications.services import dispatch
from tests.notifications.dispatching import dispatch_now

pytestmark = pytest.mark.django_db

EVENT = "test.inapp"


@pytest.fixture
def inapp_event():
    events.register(
        events.Event(
            name=EVENT,
            group=events.ACCOUNT,
            recipients=lambda ctx: ctx["to"],
            # "Yes" has a Korean translation in Django's own catalogue: 예.
            text=lambda ctx: f"{gettext('Yes')}: {ctx['what']}",
            url=lambda ctx: ctx.get("url", "/privacy/"),
        )
    )
    yield EVENT
    events._events.pop(EVENT, None)


def test_dispatch_writes_one_row_per_recipient_in_their_language(
    inapp_event, user, user2
):
    user2.preferred_language = "en"
    user2.save(update_fields=["preferred_language"])

    rows = dispatch_now(EVENT, to=[user, user2, user], what="idea 7")

    assert len(rows) == 2
    texts = dict(Notification.objects.values_list("recipient_id", "text"))
    assert texts == {user.pk: "예: idea 7", user2.pk: "Yes: idea 7"}
    assert set(Notification.objects.values_list("url", flat=True)) == {"/privacy/"}


def test_dispatch_never_tells_the_actor(inapp_event, user, user2):
    dispatch_now(EVENT, actor=user, to=[user, user2], what="x")

    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [
        user2.pk
    ]


def test_dispatch_skips_deactivated_people(inapp_event, user, user2):
    user2.is_active = False
    user2.save(update_fields=["is_active"])

    dispatch_now(EVENT, to=[user, user2], what="x")

    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [
        user.pk
    ]


def test_dispatch_belongs_to_the_callers_transaction(inapp_event, user):
    def service_that_fails():
        with transaction.atomic():
            dispatch(EVENT, to=[user], what="x")
            raise RuntimeError("the service failed")

    with pytest.raises(RuntimeError):
        service_that_fails()

    assert not Notification.objects.exists()
    assert not NotificationEvent.objects.exists()


def test_unknown_events_are_refused(user):
    with pytest.raises(LookupError):
        dispatch("no.such.event", to=[user])


def test_bell_shows_the_unread_count_in_the_header(client, inapp_event, user):
    dispatch_now(EVENT, to=[user], what="one")
    dispatch_now(EVENT, to=[user], what="two")
    client.force_login(user)

    html = client.get("/").content.decode()

    assert 'data-testid="bell-count">2<' in html


def test_bell_has_no_count_without_unread_notifications(client, user):
    client.force_login(user)

    assert 'data-testid="bell-count"' not in client.get("/").content.decode()


def test_notification_list_shows_mine_only(
    client, inapp_event, user, user2, django_assert_max_num_queries
):
    dispatch_now(EVENT, to=[user], what="for me")
    dispatch_now(EVENT, to=[user2], what="for someone else")
    client.force_login(user)

    # session, user, count for the page, the page, the bell
    with django_assert_max_num_queries(8):
        response = client.get("/notifications/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "for me" in html
    assert "for someone else" not in html


def test_opening_a_notification_marks_it_read_and_follows_its_link(
    client, inapp_event, user
):
    (first,) = dispatch_now(EVENT, to=[user], what="one")
    dispatch_now(EVENT, to=[user], what="two")
    client.force_login(user)

    response = client.post(f"/notifications/{first.pk}/open/")

    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    assert 'data-testid="bell-count">1<' in client.get("/").content.decode()


def test_a_foreign_link_is_not_followed(client, inapp_event, user):
    (notification,) = dispatch_now(
        EVENT, to=[user], what="x", url="https://evil.example/"
    )
    client.force_login(user)

    response = client.post(f"/notifications/{notification.pk}/open/")

    assert response["Location"] == "/notifications/"


def test_nobody_can_mark_someone_elses_notification(client, inapp_event, user, user2):
    (theirs,) = dispatch_now(EVENT, to=[user2], what="x")
    client.force_login(user)

    client.post(f"/notifications/{theirs.pk}/open/")

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_empties_the_bell(client, inapp_event, user, user2):
    dispatch_now(EVENT, to=[user, user2], what="one")
    dispatch_now(EVENT, to=[user], what="two")
    client.force_login(user)

    response = client.post("/notifications/read-all/", follow=True)

    assert response.status_code == 200
    assert not Notification.objects.filter(
        recipient=user, read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(recipient=user2, read_at__isnull=True).exists()
    assert 'data-testid="bell-count"' not in response.content.decode()


def test_notifications_need_a_signed_in_user(client):
    response = client.get("/notifications/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

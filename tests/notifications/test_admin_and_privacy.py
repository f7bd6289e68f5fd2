"""Staff see failed deliveries in the admin and retry them; exports and deletion."""

import pytest
from django.core import mail

from oasis.accounts.services import user_delete, user_export_data
from oasis.notifications.models import Delivery, Notification, NotificationPreference

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/notifications/delivery/"


def test_staff_filter_failed_deliveries(client, staff_user, delivery_factory):
    failed = delivery_factory(status=Delivery.Status.FAILED, last_error="SMTP 550")
    sent = delivery_factory(status=Delivery.Status.SENT)
    client.force_login(staff_user)
    response = client.get(CHANGELIST, {"status__exact": "failed"})
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [failed]
    assert sent not in shown
    assert "SMTP 550" in response.text


def test_citizens_cannot_see_the_outbox(client, user):
    client.force_login(user)
    response = client.get(CHANGELIST)
    assert response.status_code == 302


def test_the_retry_action_sends_a_failed_delivery(
    client, staff_user, delivery_factory, django_capture_on_commit_callbacks
):
    failed = delivery_factory(status=Delivery.Status.FAILED, attempts=6)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {"action": "retry", "_selected_action": [failed.pk], "apply": "1"},
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT
    assert len(mail.outbox) == 1


def test_export_and_deletion_include_notifications(user, delivery_factory):
    delivery = delivery_factory(notification__recipient=user)
    NotificationPreference.objects.create(
        user=user, group="following", channel="email", frequency="weekly"
    )
    data = user_export_data(user=user)["notifications"]
    assert data["notifications"][0]["text"] == delivery.notification.text
    assert data["preferences"] == [
        {"group": "following", "channel": "email", "frequency": "weekly"}
    ]
    user_delete(user=user)
    assert not Notification.objects.filter(recipient=user).exists()
    assert not Delivery.objects.exists()
    assert not NotificationPreference.objects.exists()

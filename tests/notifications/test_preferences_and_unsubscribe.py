"""The preferences page and the signed one-click unsubscribe link."""

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from oasis.notifications import services
from oasis.notifications.models import Channel, NotificationPreference
from oasis.notifications.preferences import choices_for_user
from oasis.notifications.tokens import unsubscribe_token

pytestmark = pytest.mark.django_db

URL = "/notifications/preferences/"


def test_the_preferences_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_shows_the_defaults(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["following__email"].value() == "daily"
    assert form["own_content__email"].value() == "immediate"
    assert form["own_content__in_app"].value() is True
    # no verified phone: SMS cannot be chosen
    assert form.fields["own_content__sms"].disabled
    assert reverse("accounts:phone-start") in response.text


def test_saving_stores_only_what_differs_from_the_defaults(client, user):
    client.force_login(user)
    data = {
        f"{group}__{channel}": value
        for group in ("own_content", "following", "review", "staff", "account")
        for channel, value in (("in_app", "on"), ("email", "immediate"))
    }
    data["following__email"] = "weekly"
    del data["account__in_app"]  # unchecked
    response = client.post(URL, data)
    assert response.status_code == 302
    table = choices_for_user(user)
    assert table["following"]["email"] == "weekly"
    assert table["account"]["in_app"] == "off"
    assert set(
        NotificationPreference.objects.filter(user=user).values_list(
            "group", "channel", "frequency"
        )
    ) == {("following", "email", "weekly"), ("account", "in_app", "off")}


def test_sms_can_be_chosen_with_a_verified_phone(client, user):
    from django.utils import timezone

    user.phone_verified_at = timezone.now()
    user.phone_encrypted = "x"
    user.save()
    client.force_login(user)
    data = {
        f"{group}__email": "immediate"
        for group in ("own_content", "following", "review", "staff", "account")
    }
    data["own_content__sms"] = "on"
    client.post(URL, data)
    assert choices_for_user(user)["own_content"]["sms"] == "immediate"


def test_an_invalid_frequency_is_refused(client, user):
    client.force_login(user)
    response = client.post(URL, {"own_content__email": "hourly"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NotificationPreference.objects.exists()


def test_the_page_is_linked_from_the_notification_list(client, user):
    client.force_login(user)
    assert URL in client.get("/notifications/").text


# --- unsubscribe ----------------------------------------------------------------------


def _unsubscribe_url(user, groups=("following",)):
    return reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user=user, groups=groups)]
    )


def test_get_asks_for_confirmation_without_login_and_changes_nothing(client, user):
    response = client.get(_unsubscribe_url(user))
    assert response.status_code == 200
    assert "unsubscribe-confirm" in response.text
    assert not NotificationPreference.objects.exists()


def test_post_switches_email_off_for_that_group_only(user):
    # RFC 8058: the mail provider POSTs without a session or CSRF token
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _unsubscribe_url(user),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    table = choices_for_user(user)
    assert table["following"][Channel.EMAIL] == "off"
    assert table["own_content"][Channel.EMAIL] == "immediate"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_link_is_refused_and_nothing_changes(client, user, user2, method):
    token = unsubscribe_token(user=user, groups=["following"])
    forged_payload = signing.dumps({"u": user2.pk, "g": ["own_content"]}, salt="other")
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (forged_payload, tampered, "nonsense"):
        response = getattr(client, method)(
            reverse("notifications:unsubscribe", args=[bad])
        )
        assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_the_link_in_an_email_unsubscribes(
    ping_events, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch("test.own_content", to=[user])
    (message,) = mail.outbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = Client(enforce_csrf_checks=True).post("/" + path)
    assert response.status_code == 200
    assert choices_for_user(user)["own_content"]["email"] == "off"
    # and the next event sends no email
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch("test.own_content", to=[user])
    assert mail.outbox == []


def test_citizens_see_their_groups_and_staff_also_staff_work(client, user, staff_user):
    client.force_login(user)
    fields = client.get(URL).context["form"].fields
    assert "own_content__email" in fields
    assert "staff__email" not in fields
    assert "review__email" not in fields
    client.force_login(staff_user)
    fields = client.get(URL).context["form"].fields
    assert {"staff__email", "review__email"} <= set(fields)


def test_the_page_is_linked_from_the_profile(client, user):
    client.force_login(user)
    assert URL in client.get(reverse("accounts:profile")).text


def test_preferences_page_query_budget(client, user, django_assert_max_num_queries):
    client.force_login(user)
    # session, user, the person's preference rows, reviewer group, bell count
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200

"""Log in and out through allauth; repeated wrong passwords are rate-limited."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail

from tests.accounts.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def test_login_with_a_verified_email_signs_in_and_logout_signs_out(client, user):
    response = client.post(LOGIN_URL, {"login": user.email, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(user.pk)
    home = client.get("/").content.decode()
    assert 'action="/accounts/logout/"' in home  # the header offers to log out

    logged_out = client.post("/accounts/logout/")

    assert logged_out.status_code == 302
    assert SESSION_KEY not in client.session
    assert 'href="/accounts/login/"' in client.get("/").content.decode()


def test_login_is_case_insensitive_on_the_email(client, user):
    response = client.post(
        LOGIN_URL, {"login": user.email.upper(), "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_wrong_password_is_refused_with_a_translated_message(client, user):
    response = client.post(LOGIN_URL, {"login": user.email, "password": "wrong-one"})

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    # allauth's Korean catalogue: "The email address and/or password you specified
    # are not correct."
    assert "이메일 또는 비밀번호가 올바르지 않습니다." in response.content.decode()


def test_six_wrong_passwords_lock_the_login_even_with_the_right_one(client, user):
    for _ in range(5):
        client.post(LOGIN_URL, {"login": user.email, "password": "wrong-one"})

    sixth = client.post(LOGIN_URL, {"login": user.email, "password": "wrong-one"})
    right = client.post(LOGIN_URL, {"login": user.email, "password": TEST_PASSWORD})

    too_many = "너무 많은 로그인 실패가 감지되었습니다. 잠시 후에 다시 시도하세요."
    assert too_many in sixth.content.decode()
    assert right.status_code == 200
    assert too_many in right.content.decode()
    assert SESSION_KEY not in client.session


def test_rate_limit_message_is_english_for_english_visitors(client, user):
    for _ in range(6):
        response = client.post(
            LOGIN_URL,
            {"login": user.email, "password": "wrong-one"},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert "Too many failed login attempts. Try again later." in (
        response.content.decode()
    )


def test_a_deactivated_user_cannot_log_in(client, user):
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.post(LOGIN_URL, {"login": user.email, "password": TEST_PASSWORD})

    assert SESSION_KEY not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/accounts/inactive/"


def test_login_applies_the_profile_language_on_a_new_device(client, user):
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])

    client.post(LOGIN_URL, {"login": user.email, "password": TEST_PASSWORD})

    assert client.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_login_keeps_the_language_the_visitor_already_chose(client, user):
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client.cookies["django_language"] = "ko"

    client.post(LOGIN_URL, {"login": user.email, "password": TEST_PASSWORD})

    assert client.cookies["django_language"].value == "ko"


def test_password_reset_by_email(client, user):
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body
    )[1]
    # allauth moves the key into the session and redirects to a key-less address.
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    new_password = "another-Long-passphrase-77"
    done = client.post(
        set_password_url, {"password1": new_password, "password2": new_password}
    )

    assert done.status_code == 302
    refused = client.post(LOGIN_URL, {"login": user.email, "password": TEST_PASSWORD})
    assert SESSION_KEY not in client.session
    assert refused.status_code == 200
    client.post(LOGIN_URL, {"login": user.email, "password": new_password})
    assert client.session[SESSION_KEY] == str(user.pk)

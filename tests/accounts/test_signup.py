"""Sign-up: consent (PIPA), duplicate email (never revealed), weak password, email
verification; password reset that does not reveal who has an account."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from oasis.accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
STRONG_PASSWORD = "a-Long-and-unusual-passphrase-42"


def signup_data(**overrides):
    data = {
        "email": "new.citizen@example.org",
        "display_name": "새 시민",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def confirmation_link(message) -> str:
    match = re.search(
        r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body
    )
    assert match, message.body
    return match.group(1)


def test_signup_page_links_the_privacy_notice_from_the_consent_checkbox(client):
    response = client.get(SIGNUP_URL)

    html = response.content.decode()
    assert response.status_code == 200
    label = re.search(r'<label for="id_privacy_consent">(.*?)</label>', html, re.S)
    assert label, "the consent checkbox has a label"
    assert 'href="/privacy/"' in label.group(1)
    assert 'type="checkbox" name="privacy_consent"' in html


def test_signup_with_consent_creates_an_unverified_account_and_sends_a_mail(client):
    before = timezone.now()

    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new.citizen@example.org")
    assert user.display_name == "새 시민"
    assert user.privacy_consent_at >= before
    assert user.preferred_language == "ko"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.citizen@example.org"]
    # Korean by default, the site named in Korean, never by its host name.
    message = mail.outbox[0]
    assert message.subject == "[오아시스] 이메일 주소를 확인해 주세요"
    assert "오아시스" in message.body
    assert "testserver" not in re.sub(r"https?://\S+", "", message.body)
    assert not re.search(r"\b[A-Za-z]{3,}\b", re.sub(r"https?://\S+", "", message.body))


def test_signup_in_english_remembers_english_on_the_profile(client):
    client.post(SIGNUP_URL, signup_data(), HTTP_ACCEPT_LANGUAGE="en")

    user = User.objects.get(email="new.citizen@example.org")
    assert user.preferred_language == "en"
    assert mail.outbox[0].subject == "[Oasis] Confirm your email address"
    assert "Hello from Oasis" in mail.outbox[0].body


def test_signup_without_consent_is_refused_and_creates_nothing(client):
    data = signup_data()
    del data["privacy_consent"]

    response = client.post(SIGNUP_URL, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert (
        "You must agree to the privacy notice to sign up." in response.content.decode()
    )
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert mail.outbox == []


def test_signup_with_a_weak_password_shows_a_translated_error(client):
    response = client.post(
        SIGNUP_URL, signup_data(password1="password", password2="password")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "너무 흔히 사용되는 비밀번호입니다." in html
    )  # "This password is too common."
    assert not User.objects.exists()
    assert mail.outbox == []


def _page_text(response, email: str = "") -> str:
    """The page without its per-request CSRF token and nonce, and with the address the
    visitor typed (which the page may repeat back) blanked."""
    html = response.content.decode()
    if email:
        html = re.sub(re.escape(email), "EMAIL", html, flags=re.IGNORECASE)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_signup_with_a_taken_email_looks_like_a_new_one_and_mails_the_owner(
    client, user_factory
):
    owner = user_factory(email="owner@example.org")
    # given the page a new address gets
    fresh = client.post(SIGNUP_URL, signup_data(email="fresh@example.org"))
    fresh_page = client.get(fresh["Location"])
    mail.outbox.clear()
    client.logout()

    # when the owner's address signs up again (in other letters)
    taken = client.post(SIGNUP_URL, signup_data(email="Owner@Example.org"))
    taken_page = client.get(taken["Location"])

    # then the visitor sees the same thing
    assert fresh.status_code == taken.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert taken_page.status_code == fresh_page.status_code == 200
    assert _page_text(taken_page, "owner@example.org") == _page_text(
        fresh_page, "fresh@example.org"
    )
    # nothing was created, and the owner is told by email
    assert User.objects.filter(email__iexact="owner@example.org").get() == owner
    assert EmailAddress.objects.filter(email__iexact="owner@example.org").count() <= 1
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert "confirm-email" not in mail.outbox[0].body


def _reset(client, email):
    response = client.post("/accounts/password/reset/", {"email": email})
    return response, client.get(response["Location"])


def test_password_reset_for_an_unknown_email_looks_like_one_for_a_known_email(
    client, user
):
    known, known_page = _reset(client, user.email)
    known_mail = list(mail.outbox)
    mail.outbox.clear()

    unknown, unknown_page = _reset(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert _page_text(unknown_page, "nobody@example.org") == _page_text(
        known_page, user.email
    )
    # the owner gets a reset link; the unknown address is told no account uses it
    assert [m.to for m in known_mail] == [[user.email]]
    assert "/accounts/password/reset/key/" in known_mail[0].body
    assert [m.to for m in mail.outbox] == [["nobody@example.org"]]
    assert "/accounts/password/reset/key/" not in mail.outbox[0].body


def test_confirmation_link_verifies_the_address_and_signs_in(client):
    client.post(SIGNUP_URL, signup_data())
    link = confirmation_link(mail.outbox[0])

    page = client.get(link)
    confirmed = client.post(link)

    assert page.status_code == 200
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="new.citizen@example.org").verified
    # Signed in by the confirmation itself, in the same browser.
    assert client.get("/").context["user"].is_authenticated
    client.post("/accounts/logout/")
    login = client.post(
        "/accounts/login/",
        {"login": "new.citizen@example.org", "password": STRONG_PASSWORD},
    )
    assert login.status_code == 302
    assert login["Location"] == "/"
    assert client.get("/").context["user"].is_authenticated


def test_login_before_verification_sends_to_the_verification_page(client):
    client.post(SIGNUP_URL, signup_data())

    response = client.post(
        "/accounts/login/",
        {"login": "new.citizen@example.org", "password": STRONG_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not client.get("/").context["user"].is_authenticated


def test_expired_confirmation_link_is_refused_with_a_translated_message(client):
    client.post(SIGNUP_URL, signup_data())
    link = confirmation_link(mail.outbox[0])

    with time_machine.travel(timezone.now() + timedelta(days=4)):
        page = client.get(link)
        client.post(link)

    html = page.content.decode()
    assert "이 이메일 확인 링크는 만료되었거나 유효하지 않습니다." in html
    assert not EmailAddress.objects.get(email="new.citizen@example.org").verified


def test_signup_hides_social_buttons_unless_configured(client, settings):
    assert "data-provider=" not in client.get(SIGNUP_URL).content.decode()

    settings.SOCIALACCOUNT_PROVIDERS = {
        "kakao": {"APPS": [{"client_id": "kakao-id", "secret": "s"}]},
        "naver": {"APPS": [{"client_id": "naver-id", "secret": "s"}]},
    }
    html = client.get(SIGNUP_URL).content.decode()

    assert 'data-provider="kakao"' in html
    assert 'data-provider="naver"' in html
    assert 'href="/accounts/kakao/login/?process=login"' in html

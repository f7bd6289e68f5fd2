"""A citizen's first visit, in Chromium: sign up, verify email and phone, switch to
English, log out — axe-core finds no serious or critical violation on any page."""

import re

import pytest
from django.core import mail

from oasis.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "browser.citizen@example.org"
PASSWORD = "a-Long-and-unusual-passphrase-42"


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)[1]


def test_sign_up_verify_switch_language_and_log_out(page, axe, sms_outbox):
    # Korean by default (the browser asks for ko-KR).
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ko"
    axe(page, "home")

    # Sign up, with consent; the consent label links to the privacy notice.
    page.goto("/accounts/signup/")
    axe(page, "sign-up")
    consent_link = page.locator('label[for="id_privacy_consent"] a')
    assert consent_link.get_attribute("href") == "/privacy/"
    page.fill("#id_email", EMAIL)
    page.fill("#id_display_name", "브라우저 시민")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_privacy_consent")
    page.locator("form.signup-form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    axe(page, "verification sent")
    assert User.objects.get(email=EMAIL).privacy_consent_at is not None

    # The verification mail's link, then the confirm button.
    assert len(mail.outbox) == 1
    page.goto(confirmation_path(mail.outbox[0]))
    axe(page, "confirm email")
    page.locator("main form button[type=submit]").click()
    # Confirming the address signs the person in: no second sign-in.
    page.wait_for_url(lambda url: url.endswith("/"))
    assert page.locator('form[action="/accounts/logout/"]').count() == 1

    # Verify a phone with the code from the test SMS backend.
    page.goto("/accounts/profile/")
    axe(page, "profile")
    page.goto("/accounts/profile/phone/")
    axe(page, "phone")
    page.fill("input[name=phone]", "010-2345-6789")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/profile/phone/confirm/")
    axe(page, "phone code")
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", sms_outbox[-1].body)[1]
    page.fill("input[name=code]", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/profile/")
    assert page.get_by_test_id("verified-phone").inner_text() == "010-****-6789"
    axe(page, "profile with phone")

    # Switch to English: the interface is English, and stays so.
    page.locator("[data-menu-toggle]").click()  # the phone menu holds the switch
    page.select_option("#language-select", "en")
    page.locator("form.language-switch button[type=submit]").click()
    page.wait_for_url("**/accounts/profile/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main h1").inner_text() == "My account"
    axe(page, "profile in English")
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Your idea can change Seoul"
    )
    assert User.objects.get(email=EMAIL).preferred_language == "en"

    # Log out.
    page.locator("[data-menu-toggle]").click()
    page.locator('form[action="/accounts/logout/"] button').click()
    page.wait_for_load_state()
    assert page.locator('a[href^="/accounts/login/"]').count() == 1
    axe(page, "logged out")

    # Sign in again from the list of ideas: back on the list afterwards.
    page.goto("/proposals/")
    page.locator("[data-menu-toggle]").click()
    page.get_by_role("link", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" in url and "next=" in url)
    axe(page, "login")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/proposals/")
    assert page.locator('form[action="/accounts/logout/"]').count() == 1

"""Phone verification in the profile: a 6-digit SMS code, 5 minutes, 5 attempts."""

import re
from datetime import timedelta

import pytest
import time_machine
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connection
from django.utils import timezone

from oasis.accounts.models import PhoneCode, User
from oasis.accounts.phones import decrypt_phone, phone_hmac
from tests.accounts.helpers import translated

pytestmark = pytest.mark.django_db

START_URL = "/accounts/profile/phone/"
CONFIRM_URL = "/accounts/profile/phone/confirm/"
NUMBER = "010-2345-6789"
E164 = "+821023456789"


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def ask_code(signed_in, django_capture_on_commit_callbacks):
    """Ask for a code the way the profile page does; the SMS leaves after commit."""

    def ask(number=NUMBER):
        with django_capture_on_commit_callbacks(execute=True):
            return signed_in.post(START_URL, {"phone": number})

    return ask


def code_in(message) -> str:
    return re.search(r"(?<!\d)(\d{6})(?!\d)", message.body).group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_code_from_the_sms_verifies_the_phone(signed_in, ask_code, sms_outbox, user):
    response = ask_code()

    assert response.status_code == 302
    assert response["Location"] == CONFIRM_URL
    assert len(sms_outbox) == 1
    assert sms_outbox[0].to == E164

    confirmed = signed_in.post(CONFIRM_URL, {"code": code_in(sms_outbox[0])})

    assert confirmed.status_code == 302
    user.refresh_from_db()
    assert user.has_verified_phone
    assert user.phone_last_digits == "6789"
    profile = signed_in.get("/accounts/profile/").content.decode()
    assert "010-****-6789" in profile


def test_sms_is_written_in_the_users_language(ask_code, sms_outbox, user):
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])

    ask_code()

    assert sms_outbox[0].body.startswith("[Oasis] Your verification code is")


def test_phone_is_stored_as_hmac_encrypted_and_last_digits_never_in_clear(
    signed_in, ask_code, sms_outbox, user
):
    ask_code()
    signed_in.post(CONFIRM_URL, {"code": code_in(sms_outbox[0])})

    user.refresh_from_db()
    assert user.phone_hmac == phone_hmac(E164)
    assert len(user.phone_hmac) == 64
    assert decrypt_phone(user.phone_encrypted) == E164
    assert user.phone_last_digits == "6789"
    # No column of any row holds the number in any common spelling.
    spellings = {"01023456789", "010-2345-6789", "1023456789", "821023456789"}
    for model in (User, PhoneCode):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608
            dump = repr(cursor.fetchall())
        assert not any(spelling in dump for spelling in spellings), model


def test_encrypted_number_needs_the_key_from_the_environment(ask_code, user):
    ask_code()
    verification = PhoneCode.objects.get(user=user)

    other_key = Fernet(Fernet.generate_key())
    with pytest.raises(InvalidToken):
        other_key.decrypt(verification.phone_encrypted.encode())
    assert (
        Fernet(settings.PHONE_ENCRYPTION_KEY.encode()).decrypt(
            verification.phone_encrypted.encode()
        )
        == E164.encode()
    )


def test_code_is_stored_only_hashed(ask_code, sms_outbox, user):
    ask_code()

    verification = PhoneCode.objects.get(user=user)
    assert code_in(sms_outbox[0]) not in verification.code_hash
    assert len(verification.code_hash) == 64


def test_six_wrong_codes_are_refused_and_the_phone_is_not_attached(
    signed_in, ask_code, sms_outbox, user
):
    ask_code()
    code = code_in(sms_outbox[0])

    answers = [
        signed_in.post(CONFIRM_URL, {"code": wrong(code)}, HTTP_ACCEPT_LANGUAGE="en")
        for _ in range(5)
    ]
    sixth = signed_in.post(CONFIRM_URL, {"code": code}, HTTP_ACCEPT_LANGUAGE="en")

    assert all(answer.status_code == 200 for answer in answers)
    assert "The code is not correct." in answers[0].content.decode()
    too_many = "Too many wrong codes. Please ask for a new code."
    assert too_many in answers[4].content.decode()
    assert too_many in sixth.content.decode()
    user.refresh_from_db()
    assert not user.has_verified_phone
    assert user.phone_hmac is None
    assert PhoneCode.objects.get(user=user).attempts == 5


def test_wrong_code_message_is_translated(signed_in, ask_code, sms_outbox):
    ask_code()

    response = signed_in.post(CONFIRM_URL, {"code": wrong(code_in(sms_outbox[0]))})

    assert translated("The code is not correct.", "ko") in response.content.decode()
    assert '<html lang="ko">' in response.content.decode()


def test_expired_code_is_refused(signed_in, ask_code, sms_outbox, user):
    ask_code()
    code = code_in(sms_outbox[0])

    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)):
        response = signed_in.post(
            CONFIRM_URL, {"code": code}, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert "The code has expired. Please ask for a new one." in (
        response.content.decode()
    )
    user.refresh_from_db()
    assert not user.has_verified_phone


def test_a_new_code_can_be_asked_for_only_after_60_seconds(
    signed_in, ask_code, sms_outbox, user
):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        ask_code()
    with time_machine.travel(now + timedelta(seconds=30), tick=False):
        too_soon = signed_in.post(
            START_URL, {"phone": NUMBER}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert too_soon.status_code == 200
    assert "Please wait 30 seconds before asking for a new code." in (
        too_soon.content.decode()
    )
    assert len(sms_outbox) == 1

    with time_machine.travel(now + timedelta(seconds=61), tick=False):
        ask_code()
    assert len(sms_outbox) == 2
    # Only the newest code counts.
    response = signed_in.post(CONFIRM_URL, {"code": code_in(sms_outbox[1])})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.has_verified_phone


def test_an_invalid_number_gets_a_clear_message(ask_code, sms_outbox):
    response = ask_code("12345")

    assert response.status_code == 200
    expected = translated("Enter a Korean mobile number such as 010-1234-5678.", "ko")
    assert expected in response.content.decode()
    assert sms_outbox == []


def test_a_number_verified_by_someone_else_is_refused(
    signed_in, ask_code, sms_outbox, user, user2
):
    user2.phone_hmac = phone_hmac(E164)
    user2.phone_verified_at = timezone.now()
    user2.save(update_fields=["phone_hmac", "phone_verified_at"])
    ask_code()

    response = signed_in.post(
        CONFIRM_URL, {"code": code_in(sms_outbox[0])}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "already verified by another account" in response.content.decode()
    user.refresh_from_db()
    assert user.phone_hmac is None


def test_phone_pages_need_a_signed_in_user(client):
    response = client.get(START_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_after_verifying_the_person_returns_where_they_came_from(
    signed_in, sms_outbox, django_capture_on_commit_callbacks
):
    # given: a kiosk hand-off page sent the person to verify their phone
    handoff = "/k/some-token/"
    form = signed_in.get(START_URL, {"next": handoff})
    assert f'name="next" value="{handoff}"' in form.content.decode()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        sent = signed_in.post(START_URL, {"phone": NUMBER, "next": handoff})
    confirmed = signed_in.post(
        sent["Location"], {"code": code_in(sms_outbox[0]), "next": handoff}
    )

    # then
    assert sent["Location"] == f"{CONFIRM_URL}?next=%2Fk%2Fsome-token%2F"
    assert confirmed["Location"] == handoff


def test_a_next_address_on_another_site_is_ignored(
    signed_in, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = signed_in.post(
            START_URL, {"phone": NUMBER, "next": "https://evil.example/"}
        )
    confirmed = signed_in.post(
        CONFIRM_URL, {"code": code_in(sms_outbox[0]), "next": "https://evil.example/"}
    )

    assert sent["Location"] == CONFIRM_URL
    assert confirmed["Location"] == "/accounts/profile/"


def _ask_at(client, when, number, capture):
    with time_machine.travel(when, tick=False), capture(execute=True):
        return client.post(START_URL, {"phone": number})


def test_one_number_gets_a_limited_number_of_codes_a_day(
    client, user_factory, sms_outbox, settings, django_capture_on_commit_callbacks
):
    settings.SMS_CODES_PER_NUMBER_PER_DAY = 3
    start = timezone.now()
    # Three different accounts ask for codes to the same number, a minute apart.
    for minute in range(3):
        client.force_login(user_factory())
        _ask_at(
            client,
            start + timedelta(minutes=minute),
            NUMBER,
            django_capture_on_commit_callbacks,
        )
    assert len(sms_outbox) == 3

    client.force_login(user_factory())
    refused = _ask_at(
        client, start + timedelta(hours=2), NUMBER, django_capture_on_commit_callbacks
    )
    expected = translated(
        "Too many codes were sent to this number. Please try again later.", "ko"
    )
    assert expected in refused.content.decode()
    assert len(sms_outbox) == 3

    # A day after the first code, one place is free again.
    _ask_at(
        client,
        start + timedelta(days=1, seconds=1),
        NUMBER,
        django_capture_on_commit_callbacks,
    )
    assert len(sms_outbox) == 4


def test_one_account_gets_a_limited_number_of_codes_a_day(
    signed_in, sms_outbox, settings, django_capture_on_commit_callbacks
):
    settings.SMS_CODES_PER_ACCOUNT_PER_DAY = 2
    start = timezone.now()
    numbers = ["010-2345-6701", "010-2345-6702", "010-2345-6703"]
    for minute, number in enumerate(numbers):
        response = _ask_at(
            signed_in,
            start + timedelta(minutes=2 * minute),
            number,
            django_capture_on_commit_callbacks,
        )

    expected = translated(
        "You have asked for many codes today. Please try again tomorrow.", "ko"
    )
    assert expected in response.content.decode()
    assert len(sms_outbox) == 2
    assert PhoneCode.objects.count() == 2


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("010-123-4567", "A mobile number has 11 digits, such as 010-1234-5678."),
        ("02-123-4567", "This is not a mobile number."),
    ],
)
def test_a_number_that_is_no_11_digit_mobile_gets_a_clear_message(
    signed_in, sms_outbox, number, message
):
    response = signed_in.post(START_URL, {"phone": number}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert sms_outbox == []
    assert not PhoneCode.objects.exists()

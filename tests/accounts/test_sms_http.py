"""HttpSmsBackend against a real local HTTP server: what it posts, and how failures
reach the person asking for a code."""

import logging
import re
import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from oasis.accounts.models import PhoneCode
from oasis.accounts.sms import HttpSmsBackend, SmsNotSent, SmsSendError, send_sms
from tests.accounts.helpers import translated
from tests.accounts.sms_provider import API_KEY

E164 = "+821023456789"


def test_a_text_is_posted_as_json_with_the_key_in_a_header(http_sms):
    send_sms(E164, "[Oasis] 인증번호 123456")

    (request,) = http_sms.received
    assert request.method == "POST"
    assert request.path == "/v1/sms"
    assert request.headers["content-type"] == "application/json; charset=utf-8"
    assert request.headers["x-api-key"] == API_KEY
    assert request.json() == {
        "type": "SMS",
        "from": "021200000",
        "to": "01023456789",
        "text": "[Oasis] 인증번호 123456",
    }


def test_a_text_over_90_bytes_goes_as_lms(http_sms):
    # Hangul takes 2 bytes in EUC-KR: 45 syllables fit one SMS, 46 do not.
    send_sms(E164, "가" * 45)
    send_sms(E164, "가" * 46)
    send_sms(E164, "a" * 91)

    assert [r.json()["type"] for r in http_sms.received] == ["SMS", "LMS", "LMS"]


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_server_error_is_worth_retrying(http_sms, status):
    http_sms.answer(status)

    with pytest.raises(SmsSendError) as raised:
        send_sms(E164, "hello")

    assert raised.value.retryable
    assert str(status) in str(raised.value)


@pytest.mark.parametrize("status", [400, 401, 403])
def test_a_refusal_is_not_worth_retrying(http_sms, status):
    http_sms.answer(status)

    with pytest.raises(SmsSendError) as raised:
        send_sms(E164, "hello")

    assert not raised.value.retryable


def test_a_provider_slower_than_the_timeout_is_worth_retrying(http_sms):
    http_sms.delay_seconds = 1.5
    started = time.monotonic()

    with pytest.raises(SmsSendError) as raised:
        send_sms(E164, "hello")

    assert raised.value.retryable
    assert time.monotonic() - started < 1.4


def test_an_unreachable_provider_is_worth_retrying(settings, http_sms):
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/v1/sms"  # discard port: nobody listens

    with pytest.raises(SmsSendError) as raised:
        send_sms(E164, "hello")

    assert raised.value.retryable


def test_a_redirect_is_not_followed_with_the_key(http_sms):
    http_sms.answer(302)

    with pytest.raises(SmsSendError) as raised:
        send_sms(E164, "hello")

    assert not raised.value.retryable
    assert [r.path for r in http_sms.received] == ["/v1/sms"]


def test_neither_the_key_nor_the_number_is_logged(http_sms, caplog):
    http_sms.answer(500, 200)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(SmsSendError) as raised:
        send_sms(E164, "hello")
    send_sms(E164, "hello")

    logged = caplog.text + str(raised.value)
    assert "***6789" in logged
    assert API_KEY not in logged
    assert "23456789" not in logged


@pytest.mark.parametrize(
    "missing", ["SMS_HTTP_URL", "SMS_HTTP_API_KEY", "SMS_SENDER_NUMBER"]
)
def test_the_backend_refuses_to_work_unconfigured(settings, http_sms, missing):
    setattr(settings, missing, "")

    with pytest.raises(ImproperlyConfigured):
        HttpSmsBackend()


# --- Phone verification with a failing provider ---------------------------------------
START_URL = "/accounts/profile/phone/"
CONFIRM_URL = "/accounts/profile/phone/confirm/"


# The code leaves as the service's transaction commits: only a transactional test sees
# the failure reach the page, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_a_failed_code_shows_a_clear_message_and_the_person_can_try_again(
    client, user, http_sms
):
    client.force_login(user)
    http_sms.answer(500)

    failed = client.post(START_URL, {"phone": "010-2345-6789"})

    assert failed.status_code == 200
    assert translated(str(SmsNotSent.default_message), "ko") in failed.content.decode()
    # the code that never left counts against nothing: no wait, no daily cap
    assert not PhoneCode.objects.exists()

    again = client.post(START_URL, {"phone": "010-2345-6789"})

    assert again.status_code == 302
    assert again["Location"] == CONFIRM_URL
    code = re.search(r"\d{6}", http_sms.received[-1].json()["text"])[0]
    confirmed = client.post(CONFIRM_URL, {"code": code})
    assert confirmed.status_code == 302
    user.refresh_from_db()
    assert user.has_verified_phone

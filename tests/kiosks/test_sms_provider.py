"""Kiosk SMS codes through HttpSmsBackend when the provider fails."""

import pytest
from django.conf import settings
from django.utils import translation

from oasis.accounts.models import PhoneCode
from oasis.accounts.sms import SmsNotSent

PHONE = "010-2345-6789"

# The code leaves when the challenge is committed: a transactional test sees the
# failure reach the API answer, as it does in production (the factories put back the
# districts that the flush of an earlier transactional test removed).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def send(api, json_post, proposal):
    def send(phone=PHONE):
        return json_post(
            api,
            "/api/v1/kiosk/sms/",
            {"phone": phone, "proposal": proposal.pk},
            HTTP_ACCEPT_LANGUAGE="ko",
        )

    return send


def test_a_failed_code_is_a_clear_error_and_the_kiosk_stays_online(send, http_sms):
    http_sms.answer(500)

    response = send()

    # not a 5xx: the touch screen would take that for "the server is down"
    assert response.status_code == 400
    assert response.json()["code"] == "sms_not_sent"
    with translation.override("ko"):
        assert response.json()["detail"] == str(SmsNotSent.default_message)
    assert not PhoneCode.objects.exists()


def test_a_failed_code_does_not_count_against_the_number(send, http_sms):
    limit = settings.SMS_CODES_PER_NUMBER_PER_10_MINUTES
    http_sms.answer(400)
    assert send().status_code == 400

    for _ in range(limit):
        assert send().status_code == 201

    assert send().status_code == 429
    assert len(http_sms.received) == limit + 1
    assert PhoneCode.objects.count() == limit

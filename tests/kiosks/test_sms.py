"""Agreeing on the kiosk with a phone number and an SMS code (no smartphone needed)."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from oasis.accounts.models import PhoneCode, User
from oasis.accounts.phones import protect_phone
from tests.kiosks.conftest import sms_code
from voting.models import Vote

PHONE = "010-2345-6789"


@pytest.fixture
def send(api, json_post, django_capture_on_commit_callbacks):
    def send(proposal, phone=PHONE, client=None):
        with django_capture_on_commit_callbacks(execute=True):
            return json_post(
                client or api,
                "/api/v1/kiosk/sms/",
                {"phone": phone, "proposal": proposal.pk},
            )

    return send


@pytest.fixture
def verify(api, json_post):
    def verify(challenge, code, client=None):
        return json_post(
            client or api,
            "/api/v1/kiosk/sms/verify/",
            {"challenge": challenge, "code": code},
        )

    return verify


def test_a_code_is_texted_and_the_number_masked(send, proposal, sms_outbox, enrolled):
    response = send(proposal)
    assert response.status_code == 201
    body = response.json()
    assert body["masked_phone"] == "010-****-6789"
    assert 0 < body["expires_in"] <= 300
    assert sms_outbox[-1].to == "+821023456789"
    assert enrolled[0].station in sms_outbox[-1].body
    challenge = PhoneCode.objects.get()
    # No plain number and no plain code in the row.
    row = str(PhoneCode.objects.values().get())
    assert "2345" not in row.replace(challenge.phone_encrypted, "")
    assert sms_code(sms_outbox) not in row


def test_the_code_agrees_for_a_new_passwordless_phone_only_user(
    send, verify, proposal, sms_outbox, enrolled
):
    challenge = send(proposal).json()["challenge"]

    response = verify(challenge, sms_code(sms_outbox))

    assert response.status_code == 201
    assert response.json() == {
        "created": True,
        "outcome": "agreed",
        "proposal": proposal.pk,
        "vote_count": 1,
    }
    person = User.objects.get(phone_hmac=protect_phone(PHONE).hmac)
    assert person.email is None
    assert not person.has_usable_password()
    assert person.phone_verified_at is not None
    vote = Vote.objects.get()
    assert (vote.user, vote.channel, vote.kiosk) == (person, "kiosk", enrolled[0])
    proposal.refresh_from_db()
    assert proposal.vote_count == 1

    # The code is single use.
    again = verify(challenge, sms_code(sms_outbox))
    assert again.status_code == 400
    assert again.json()["code"] == "code_expired"


def test_the_same_phone_counts_once(send, verify, proposal, sms_outbox):
    verify(send(proposal).json()["challenge"], sms_code(sms_outbox))
    response = verify(send(proposal).json()["challenge"], sms_code(sms_outbox))
    assert response.status_code == 200
    assert response.json()["created"] is False
    assert response.json()["vote_count"] == 1
    assert User.objects.filter(phone_hmac__isnull=False).count() == 1
    assert Vote.objects.count() == 1


def test_a_web_user_holding_the_phone_gets_the_agreement(
    send, verify, proposal, sms_outbox, user
):
    protected = protect_phone(PHONE)
    User.objects.filter(pk=user.pk).update(
        phone_hmac=protected.hmac,
        phone_encrypted=protected.encrypted,
        phone_last_digits=protected.last_digits,
        phone_verified_at=timezone.now(),
    )
    people = User.objects.count()
    verify(send(proposal).json()["challenge"], sms_code(sms_outbox))
    assert Vote.objects.get().user == user
    assert User.objects.count() == people  # nobody new


def test_six_wrong_codes_are_refused_and_nothing_is_recorded(
    send, verify, proposal, sms_outbox
):
    challenge = send(proposal).json()["challenge"]
    right = sms_code(sms_outbox)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    users_before = User.objects.count()

    answers = [verify(challenge, wrong) for _ in range(6)]

    assert [a.status_code for a in answers] == [400, 400, 400, 400, 429, 429]
    assert [a.json()["code"] for a in answers] == [
        "code_invalid",
        "code_invalid",
        "code_invalid",
        "code_invalid",
        "too_many_attempts",
        "too_many_attempts",
    ]
    late = verify(challenge, right)
    assert late.status_code == 429
    assert not Vote.objects.exists()
    assert User.objects.count() == users_before
    proposal.refresh_from_db()
    assert proposal.vote_count == 0


def test_an_expired_code_is_refused(send, verify, proposal, sms_outbox):
    challenge = send(proposal).json()["challenge"]
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6)):
        response = verify(challenge, sms_code(sms_outbox))
    assert response.status_code == 400
    assert response.json()["code"] == "code_expired"
    assert not Vote.objects.exists()


def test_another_kiosk_cannot_use_the_code(
    send, verify, proposal, sms_outbox, kiosk_factory, staff_user
):
    from kiosks import services

    challenge = send(proposal).json()["challenge"]
    other = kiosk_factory()
    _row, code = services.enrollment_code_create(kiosk=other, actor=staff_user)
    _kiosk, credential = services.kiosk_enroll(code=code)
    response = verify(
        challenge,
        sms_code(sms_outbox),
        client=Client(HTTP_AUTHORIZATION=f"Kiosk {credential}"),
    )
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_a_closed_proposal_is_refused(send, verify, proposal, sms_outbox):
    challenge = send(proposal).json()["challenge"]
    type(proposal).objects.filter(pk=proposal.pk).update(
        voting_ends_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = verify(challenge, sms_code(sms_outbox))
    assert response.status_code == 409
    assert response.json()["code"] == "voting_closed"
    assert not Vote.objects.exists()


@pytest.mark.parametrize("phone", ["12345", "02-123-4567", ""])
def test_a_wrong_number_is_refused(send, proposal, sms_outbox, phone):
    response = send(proposal, phone=phone)
    assert response.status_code == 400
    assert sms_outbox == []
    assert not PhoneCode.objects.exists()


def test_codes_are_limited_per_phone_number(send, proposal, sms_outbox):
    limit = settings.SMS_CODES_PER_NUMBER_PER_10_MINUTES
    for _ in range(limit):
        assert send(proposal).status_code == 201
    response = send(proposal)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert len(sms_outbox) == limit
    assert send(proposal, phone="010-9999-0000").status_code == 201


def test_codes_are_limited_per_device(send, proposal, sms_outbox):
    limit = settings.SMS_CODES_PER_KIOSK_PER_10_MINUTES
    for n in range(limit):
        assert send(proposal, phone=f"010-5555-{n:04d}").status_code == 201
    response = send(proposal, phone="010-5555-9999")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert len(sms_outbox) == limit


def test_agreements_are_limited_per_device(verify, proposal, settings):
    limit, _period = settings.RATE_LIMITS["kiosk_vote"]["device"]
    for _ in range(limit):
        assert verify(999, "123456").status_code == 400
    response = verify(999, "123456")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_sms_agreement_can_be_switched_off(
    send, proposal, enrolled, staff_user, sms_outbox
):
    from kiosks import services
    from kiosks.models import KioskConfig

    services.kiosk_config_save(
        config=KioskConfig(kiosk=enrolled[0], agree_by_sms=False), actor=staff_user
    )
    response = send(proposal)
    assert response.status_code == 403
    assert sms_outbox == []


UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "oasis.core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_the_caps_on_codes_hold_while_the_cache_is_down(
    send, proposal, sms_outbox, settings
):
    # given: the shared cache cannot be reached, and small caps
    settings.CACHES = UNREACHABLE_CACHE
    settings.SMS_CODES_PER_NUMBER_PER_10_MINUTES = 2
    settings.SMS_CODES_PER_KIOSK_PER_10_MINUTES = 3

    # then: the number's cap holds ...
    assert [send(proposal).status_code for _ in range(3)] == [201, 201, 429]
    # ... and so does the device's
    assert send(proposal, phone="010-7777-0001").status_code == 201
    assert send(proposal, phone="010-7777-0002").status_code == 429
    assert len(sms_outbox) == 3


def test_the_device_cap_is_read_from_the_settings_at_call_time(
    send, proposal, sms_outbox, settings
):
    settings.SMS_CODES_PER_KIOSK_PER_10_MINUTES = 1
    assert send(proposal, phone="010-7777-0001").status_code == 201
    assert send(proposal, phone="010-7777-0002").status_code == 429
    settings.SMS_CODES_PER_KIOSK_PER_10_MINUTES = 2
    assert send(proposal, phone="010-7777-0002").status_code == 201


def test_codes_from_a_kiosk_and_a_profile_share_the_numbers_cap(
    send,
    proposal,
    sms_outbox,
    settings,
    client,
    user,
    django_capture_on_commit_callbacks,
):
    settings.SMS_CODES_PER_NUMBER_PER_10_MINUTES = 2
    assert send(proposal).status_code == 201
    assert send(proposal).status_code == 201

    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(
            "/accounts/profile/phone/", {"phone": PHONE}, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert "Too many codes were sent to this number." in refused.content.decode()
    assert len(sms_outbox) == 2


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("010-123-4567", "A mobile number has 11 digits"),
        ("02-123-4567", "This is not a mobile number."),
        ("070-1234-5678", "This is not a mobile number."),
    ],
)
def test_a_number_that_is_no_11_digit_mobile_is_refused_with_a_clear_message(
    send, proposal, sms_outbox, phone, message, api, json_post
):
    response = json_post(
        api,
        "/api/v1/kiosk/sms/",
        {"phone": phone, "proposal": proposal.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_phone"
    assert message in response.json()["detail"]
    assert sms_outbox == []
    assert not PhoneCode.objects.exists()
